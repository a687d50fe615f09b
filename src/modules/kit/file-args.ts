/**
 * The "file common arguments" of Ansible that every module writing a file accepts: mode (octal,
 * integer, symbolic or 'preserve', checked here and applied by kit/file-attrs.ts), owner and group,
 * and the SELinux/attribute keys accepted for compatibility.
 */
import { z } from 'zod';
import { accountRef, boolish } from './args.js';
import { ModeError, parseModeArg } from './file-perms.js';

/** mode: an octal string or integer, a symbolic mode, or 'preserve' (checked here, applied later). */
export const modeArg = z.union([z.string(), z.number()]).superRefine((v, c) => {
  try {
    parseModeArg(v);
  } catch (e) {
    if (e instanceof ModeError) c.addIssue({ code: 'custom', message: e.message });
    else throw e;
  }
});

/** The file attributes every file module accepts. */
export const fileCommon = {
  mode: modeArg.optional(),
  owner: accountRef.optional(),
  group: accountRef.optional(),
  /** Accepted for compatibility; SELinux and chattr are not managed. */
  seuser: z.string().optional(),
  serole: z.string().optional(),
  setype: z.string().optional(),
  selevel: z.string().optional(),
  attributes: z.string().optional(),
  unsafe_writes: boolish.optional(),
};

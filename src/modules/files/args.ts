/**
 * Argument pieces of the file modules: paths, validate commands and Python regular expressions, and
 * the checks that turn bad values into clear messages (the "file common arguments" of Ansible, mode,
 * owner and group, are in kit/file-args.ts).
 */
import { z } from 'zod';
import { stringish } from '../kit/args.js';
import { compilePy, PyRegexError } from '../../py/regex.js';

/** A remote path: non-empty, no NUL byte. */
export const pathArg = z
  .string({ invalid_type_error: 'expected a path (string)' })
  .min(1, 'the path is empty')
  .regex(/^[^\0]*$/, 'a path cannot contain a NUL byte');

/**
 * validate: a command containing %s (the path of the file to check). One without %s is accepted here
 * and fails the task when a file is written (kit/file-write.ts validateCommand), as Ansible's modules.
 */
export const validateArg = stringish;

/** A Python regular expression, checked (and translated) when the arguments are validated. */
export const regexArg = z.string().superRefine((v, c) => {
  try {
    compilePy(v);
  } catch (e) {
    if (e instanceof PyRegexError) c.addIssue({ code: 'custom', message: e.message });
    else throw e;
  }
});

/** insertafter/insertbefore: EOF, BOF, or a Python regular expression that compiles. */
export function checkInsertPositions(a: { insertafter?: string; insertbefore?: string }, c: z.RefinementCtx): void {
  for (const k of ['insertafter', 'insertbefore'] as const) {
    const v = a[k];
    if (v !== undefined && v !== 'EOF' && v !== 'BOF') {
      const r = regexArg.safeParse(v);
      if (!r.success) c.addIssue({ code: 'custom', path: [k], message: r.error.issues[0].message });
    }
  }
}

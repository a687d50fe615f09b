/**
 * debootstrap's arguments (validated before any host is contacted) and the command line built from
 * them. Every value is checked against what debootstrap/pacstrap accept and quoted with `sh`.
 */
import { z } from 'zod';
import { sh } from '../../../util/quote.js';
import { machineDir, machineName } from '../common/names.js';
import type { Distribution } from './sources.js';
import { absPath, nonNegative, stringList } from '../../kit/args.js';

const PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;
const COMPONENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const listOf = (re: RegExp, what: string) =>
  stringList.pipe(
    z.array(z.string()).superRefine((items, c) => {
      for (const v of items) if (!re.test(v)) c.addIssue({ code: 'custom', message: `invalid ${what} ${JSON.stringify(v)}` });
    }),
  );

/** Lists also given as "a,b c" strings (as debootstrap's --include=a,b). */
const commaList = (re: RegExp, what: string) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v), listOf(re, what));

export const debootstrapSchema = z
  .object({
    name: machineName.optional(),
    dest: z
      .string()
      .regex(/^\/[A-Za-z0-9._@+\/-]*$/, 'expected an absolute path of letters, digits and . _ @ + - /')
      .refine((p) => p.replace(/\/+$/, '') !== '', 'dest cannot be /')
      .refine((p) => !p.split('/').includes('..') && !p.split('/').includes('.'), 'dest must not contain . or .. components')
      .optional(),
    suite: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'invalid suite name').optional(),
    mirror: z
      .string()
      .regex(/^(https?|ftp|file):\/\/[^\s'"\\]+$/, 'expected a mirror URL (http://, https://, ftp:// or file://)')
      .optional(),
    variant: z.enum(['minbase', 'buildd', 'fakechroot', 'default']).default('minbase'),
    include: commaList(PACKAGE, 'package name').default([]),
    exclude: commaList(PACKAGE, 'package name').default([]),
    components: commaList(COMPONENT, 'component').default([]),
    arch: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'invalid architecture name').optional(),
    keyring: absPath.optional(),
    distribution: z.enum(['debian', 'ubuntu', 'arch']).optional(),
    /** Seconds the bootstrap may take (also how long a run waits for another one holding the lock). */
    timeout: nonNegative.default(3600),
  })
  .strict()
  .superRefine((a, c) => {
    if ((a.name === undefined) === (a.dest === undefined)) c.addIssue({ code: 'custom', message: 'give exactly one of name and dest' });
  });

export type DebootstrapArgs = z.infer<typeof debootstrapSchema>;

/** Packages a guest needs to boot and work with machinectl: login, shell and status need dbus inside, poweroff systemd-sysv. */
export const BOOT_PACKAGES = ['systemd', 'dbus', 'systemd-sysv'];

/** Where the image goes, and the hidden partial directory, lock and log beside it. */
export interface Layout {
  dest: string;
  parent: string;
  base: string;
  partial: string;
  lock: string;
  log: string;
}

export function layoutOf(args: Pick<DebootstrapArgs, 'name' | 'dest'>): Layout {
  const dest = (args.name !== undefined ? machineDir(args.name) : args.dest!).replace(/\/+$/, '');
  const i = dest.lastIndexOf('/');
  const parent = i <= 0 ? '/' : dest.slice(0, i);
  const base = dest.slice(i + 1);
  const hidden = `${parent === '/' ? '' : parent}/.${base}`;
  return { dest, parent, base, partial: `${hidden}.partial`, lock: `${hidden}.lock`, log: `${hidden}.partial.log` };
}

/** The include list: the user's packages plus the boot packages the user did not exclude. */
export function includeList(args: Pick<DebootstrapArgs, 'include' | 'exclude'>, distribution: Distribution): string[] {
  const out = [...args.include];
  if (distribution !== 'arch') for (const p of BOOT_PACKAGES) if (!args.exclude.includes(p) && !out.includes(p)) out.push(p);
  return out;
}

export interface Resolved {
  distribution: Distribution;
  suite: string;
  mirror: string;
  variant: DebootstrapArgs['variant'];
  include: string[];
}

/** The bootstrap command writing into `target` (the partial directory). */
export function bootstrapCommand(args: DebootstrapArgs, r: Resolved, target: string): string {
  if (r.distribution === 'arch') return sh`pacstrap -c ${target} base ${args.include}`;
  const opts: string[] = [];
  if (r.variant !== 'default') opts.push(`--variant=${r.variant}`);
  if (r.include.length) opts.push(`--include=${r.include.join(',')}`);
  if (args.exclude.length) opts.push(`--exclude=${args.exclude.join(',')}`);
  if (args.components.length) opts.push(`--components=${args.components.join(',')}`);
  if (args.arch) opts.push(`--arch=${args.arch}`);
  if (args.keyring) opts.push(`--keyring=${args.keyring}`);
  return sh`debootstrap ${opts} ${r.suite} ${target} ${r.mirror}`;
}

/** The command as shown to users (into DEST, not the partial directory). */
export function displayCommand(args: DebootstrapArgs, r: Resolved, dest: string): string {
  return bootstrapCommand(args, r, dest);
}

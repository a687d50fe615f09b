/**
 * Value checkers of the `nspawn` settings module: each turns what the user wrote into the exact text
 * systemd.nspawn(5) expects after `Key=`, or refuses it. Nothing a check lets through can start a new
 * line or section, continue a line (trailing backslash) or be trimmed into something else by
 * systemd's config parser; words of the strv keys (Parameters=, Environment=) are quoted the way
 * systemd's extract_first_word(EXTRACT_UNQUOTE) reads them back.
 */
import { z } from 'zod';
import { checkedBy, checkHostname, toBool } from '../../kit/args.js';

/** Why a value cannot be written on a unit-file line (undefined when it can). */
export function lineProblem(v: string): string | undefined {
  if (/[\x00-\x1f\x7f]/.test(v)) return 'a value cannot contain a newline or other control character';
  if (v.endsWith('\\')) return 'a value cannot end with a backslash (systemd would join the next line)';
  if (v !== v.trim()) return 'a value cannot start or end with whitespace (systemd trims it)';
  return undefined;
}

/** A scalar the user may write as a YAML number or string. */
const scalar = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string({ invalid_type_error: 'expected a string' }));

/** A string checked by `check` (returns the reason it is refused). */
export function checked(check: (v: string) => string | undefined) {
  return scalar.superRefine(checkedBy((v: string) => lineProblem(v) ?? check(v)));
}

export function pattern(re: RegExp, what: string) {
  return checked((v) => (re.test(v) ? undefined : `expected ${what}, got ${JSON.stringify(v)}`));
}

/** yes/no (booleans and Ansible's yes/no/true/false/on/off strings). */
export const yesNo = z.preprocess(toBool, z.boolean({ invalid_type_error: 'expected a boolean (yes/no)' })).transform((b) => (b ? 'yes' : 'no'));

/** Boolean or one of the named values. */
export function boolOr<T extends [string, ...string[]]>(values: T) {
  return z.union([z.enum(values), yesNo], { errorMap: () => ({ message: `expected yes/no or one of: ${values.join(', ')}` }) });
}

/** A list written on one line, space-separated (a single string is split on whitespace). */
export function spaceList(item: z.ZodType<string, z.ZodTypeDef, unknown>) {
  return z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(/\s+/).filter((w) => w !== '') : typeof v === 'number' ? [String(v)] : v),
      z.array(item),
    )
    // an empty list sets nothing (playbooks pass `item.binds | default([])`)
    .transform((l) => (l.length ? l.join(' ') : undefined));
}

/** A list written as one `Key=` line per item (a single string is one item). */
export function repeated<T extends z.ZodTypeAny>(item: T) {
  return z
    .preprocess((v) => (typeof v === 'string' || typeof v === 'number' ? [v] : v), z.array(item))
    .transform((l) => (l.length ? l : undefined));
}

/** One word of a strv key, quoted so that systemd's unquoting gives it back unchanged. */
export function strvWord(w: string): string {
  if (w === '') throw new Error('an empty word cannot be written');
  if (/[\x00-\x1f\x7f\\]/.test(w)) throw new Error(`${JSON.stringify(w)}: control characters and backslashes are not allowed`);
  if (!/[\s"']/.test(w)) return w;
  if (!w.includes('"')) return `"${w}"`;
  if (!w.includes("'")) return `'${w}'`;
  throw new Error(`${JSON.stringify(w)} contains both kinds of quotes`);
}

const word = checkedWord();

function checkedWord() {
  return scalar.superRefine((v, c) => {
    try {
      strvWord(v);
    } catch (e) {
      c.addIssue({ code: 'custom', message: (e as Error).message });
    }
  });
}

/** Parameters=: a string (written as is after checking) or a list of words (each quoted). */
export const parameters = z.union([
  z
    .array(word)
    .transform((l) => (l.length ? l.map(strvWord).join(' ') : undefined)),
  checked((v) => (v.includes('\\') ? 'backslashes are not allowed' : undefined)),
]);

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Environment=: a mapping or a list of K=V; one line per variable, each quoted as one word. */
export const environment = z
  .union([
    z.record(z.union([z.string(), z.number(), z.boolean()])).transform((m) => Object.entries(m).map(([k, v]) => `${k}=${String(v)}`)),
    z.array(scalar),
  ])
  .superRefine((list, c) => {
    for (const kv of list) {
      const eq = kv.indexOf('=');
      const name = eq < 0 ? kv : kv.slice(0, eq);
      if (eq < 0) c.addIssue({ code: 'custom', message: `${JSON.stringify(kv)} is not NAME=VALUE` });
      else if (!ENV_NAME.test(name)) c.addIssue({ code: 'custom', message: `invalid environment variable name ${JSON.stringify(name)}` });
      else {
        try {
          strvWord(kv);
        } catch (e) {
          c.addIssue({ code: 'custom', message: (e as Error).message });
        }
      }
    }
  })
  .transform((l) => l.map(strvWord));

export const absPathValue = pattern(/^\/[^\s:]*$/, 'an absolute path without whitespace or ":"');

/** A path in Bind=/Overlay= style lists: absolute, or "+" relative to the container's root. */
const PATH_PART = '(?:\\+?\\/[^\\s:\\\\]*)';

export const bindSpec = pattern(
  new RegExp(`^${PATH_PART}(?::${PATH_PART}(?::(?:rbind|norbind|idmap|noidmap|rootidmap)(?:,(?:rbind|norbind|idmap|noidmap|rootidmap))*)?)?$`),
  '"SRC[:DST[:OPTIONS]]" with absolute paths and options among rbind, norbind, idmap, noidmap, rootidmap',
);
export const tmpfsSpec = pattern(/^\/[^\s:\\]*(?::[A-Za-z0-9=,._+-]+)?$/, '"PATH[:OPTIONS]" with an absolute path');
export const overlaySpec = pattern(new RegExp(`^(?:${PATH_PART}|)(?::(?:${PATH_PART}|))*:${PATH_PART}$`), '"PATH[:PATH...]:DEST" with absolute paths');
export const pivotRoot = pattern(/^\/[^\s:\\]*(?::\/[^\s:\\]*)?$/, '"PATH[:PATH]" with absolute paths');

/** Network interface names as the kernel accepts them (and systemd's ifname_valid). */
export const IFNAME = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,15}$/;
export const ifname = pattern(IFNAME, 'an interface name (1-15 letters, digits, "_", "." or "-")');
export const ifPair = pattern(/^(?!\.{1,2}(?::|$))[A-Za-z0-9_.-]{1,15}(?::(?!\.{1,2}$)[A-Za-z0-9_.-]{1,15})?$/, '"HOSTIF[:CONTAINERIF]" interface names');

/** Zone=: nspawn names the bridge "vz-" + zone, which must stay a valid interface name. */
export const zone = pattern(/^[A-Za-z0-9_.-]{1,12}$/, 'a zone name (1-12 letters, digits, "_", "." or "-"; the bridge is vz-NAME)');

function portNumber(s: string): boolean {
  return /^[1-9][0-9]{0,4}$/.test(s) && Number(s) <= 65535;
}

/** Why a Port= value is refused: "[tcp|udp:]HOST[:CONTAINER]" with ports 1-65535. */
export function checkPort(v: string): string | undefined {
  const parts = v.split(':');
  if (parts[0] === 'tcp' || parts[0] === 'udp') parts.shift();
  if (parts.length < 1 || parts.length > 2 || !parts.every(portNumber))
    return `expected "[tcp|udp:]HOSTPORT[:CONTAINERPORT]" with ports 1-65535, got ${JSON.stringify(v)}`;
  return undefined;
}

export const port = checked(checkPort);
export const capability = pattern(/^(?:all|CAP_[A-Z_]+)$/, 'a capability name (CAP_...) or "all"');
export const syscall = pattern(/^~?@?[a-z0-9_]+$/, 'a system call name or @group (optionally ~ to deny)');
export const signal = pattern(/^(?:SIG)?(?:[A-Z]+[0-9]*|RTMIN(?:\+[0-9]+)?|RTMAX(?:-[0-9]+)?)$|^[1-9][0-9]?$/, 'a signal name (SIGTERM, SIGRTMIN+3, ...) or number');
export const machineId = pattern(/^[0-9a-f]{32}$/, 'a machine id (32 lowercase hex digits)');
export const userName = pattern(/^(?:[A-Za-z_][A-Za-z0-9_.-]*\$?|[0-9]+)$/, 'a user name or numeric id');
export const hostname = checked(checkHostname);
export const cpuList = spaceList(pattern(/^[0-9]+(?:-[0-9]+)?$/, 'a CPU index or range (0, 2-3)'));
export const rlimit = pattern(
  /^(?:infinity|[0-9]+(?:\.[0-9]+)?[A-Za-z]*)(?::(?:infinity|[0-9]+(?:\.[0-9]+)?[A-Za-z]*))?$/,
  'a limit (NUMBER, infinity or SOFT:HARD; sizes and times may have a unit)',
);
export const oomScore = z.preprocess(
  (v) => (typeof v === 'string' && /^-?[0-9]+$/.test(v) ? Number(v) : v),
  z.number({ invalid_type_error: 'expected a number from -1000 to 1000' }).int().min(-1000).max(1000).transform(String),
);

/** PrivateUsers=: yes/no, pick, identity, a base UID, or "UID:COUNT". */
export const privateUsers = z.union(
  [yesNo, z.enum(['pick', 'identity']), z.number().int().nonnegative().transform(String), pattern(/^[0-9]+(?::[1-9][0-9]*)?$/, '"UID" or "UID:COUNT"')],
  { errorMap: () => ({ message: 'expected yes/no, pick, identity, a base UID or "UID:COUNT"' }) },
);

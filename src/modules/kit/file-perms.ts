/**
 * File modes as Ansible takes them: octal strings ('0644', '644', '0o644'), integers (YAML 1.2 reads
 * `mode: 0644` as decimal 644, so an integer whose decimal digits are all 0-7 is read as octal
 * digits, like YAML 1.1 would have), and symbolic modes ('u+rw,g-w,o=', 'a+X') applied to the
 * current mode exactly as Ansible's _symbolic_mode_to_octal does.
 */

export const PERM_BITS = 0o7777;
const S_IRWXU = 0o700;
const S_IRWXG = 0o070;
const S_IRWXO = 0o007;
const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;
const EXEC_BITS = 0o111;

export class ModeError extends Error {}

/** A parsed `mode:` argument: a fixed number, a symbolic expression, or copy's 'preserve'. */
export type ModeSpec = { kind: 'octal'; value: number } | { kind: 'symbolic'; text: string } | { kind: 'preserve' };

/** Parse a mode argument; throws ModeError with a clear message for anything else. */
export function parseModeArg(mode: string | number): ModeSpec {
  if (typeof mode === 'number') {
    if (!Number.isInteger(mode) || mode < 0) throw new ModeError(`invalid mode ${mode}: expected an octal number like '0644'`);
    const digits = String(mode);
    const value = /^[0-7]+$/.test(digits) ? parseInt(digits, 8) : mode;
    if (value > PERM_BITS) throw new ModeError(`invalid mode ${mode}: larger than 07777`);
    return { kind: 'octal', value };
  }
  const s = mode.trim();
  if (s === 'preserve') return { kind: 'preserve' };
  const m = /^(?:0o)?([0-7]{1,5})$/i.exec(s);
  if (m) {
    const value = parseInt(m[1], 8);
    if (value > PERM_BITS) throw new ModeError(`invalid mode '${mode}': larger than 07777`);
    return { kind: 'octal', value };
  }
  checkSymbolic(s);
  return { kind: 'symbolic', text: s };
}

const CLAUSE = /^([ugoa]*)((?:[-+=][rwxXstugo]*)+)$/;

function checkSymbolic(s: string): void {
  for (const clause of s.split(',')) {
    if (!CLAUSE.test(clause)) {
      throw new ModeError(
        `invalid mode '${s}': expected an octal mode like '0644' or a symbolic mode like 'u+rw,g-w,o=r' (bad part '${clause}')`,
      );
    }
  }
}

/**
 * The mode that results from applying `spec` to a path whose current mode is `current` (permission
 * bits only) and whose type is directory or not. `umask` is the host's umask (used by symbolic
 * clauses without a who part, as chmod and Ansible do). 'preserve' must be resolved by the caller.
 */
export function resolveMode(spec: ModeSpec, current: number, isDir: boolean, umask: number): number {
  if (spec.kind === 'octal') return spec.value;
  if (spec.kind === 'preserve') throw new ModeError("mode 'preserve' has no meaning here");
  let mode = current & PERM_BITS;
  for (const clause of spec.text.split(',')) {
    const m = CLAUSE.exec(clause);
    if (!m) throw new ModeError(`invalid symbolic mode '${spec.text}'`);
    const useUmask = m[1] === '';
    const users = m[1] === '' || m[1].includes('a') ? 'ugo' : m[1];
    for (const op of m[2].match(/[-+=][rwxXstugo]*/g) ?? []) {
      const perms = op.slice(1);
      for (const user of users) {
        const bits = permsFor(user as 'u' | 'g' | 'o', perms, mode, isDir, useUmask, umask);
        mode = applyOp(user as 'u' | 'g' | 'o', op[0], bits, mode);
      }
    }
  }
  return mode;
}

function applyOp(user: 'u' | 'g' | 'o', op: string, bits: number, current: number): number {
  if (op === '=') {
    const mask = user === 'u' ? S_IRWXU | S_ISUID : user === 'g' ? S_IRWXG | S_ISGID : S_IRWXO | S_ISVTX;
    return (current & (mask ^ PERM_BITS)) | bits;
  }
  if (op === '+') return current | bits;
  return current - (current & bits);
}

function permsFor(user: 'u' | 'g' | 'o', perms: string, prev: number, isDir: boolean, useUmask: boolean, umask: number): number {
  const rev = useUmask ? umask ^ PERM_BITS : PERM_BITS;
  const applyX = isDir || (prev & EXEC_BITS) > 0;
  const shift = user === 'u' ? 6 : user === 'g' ? 3 : 0;
  const table: Record<string, number> = {
    r: rev & (0o4 << shift),
    w: rev & (0o2 << shift),
    x: rev & (0o1 << shift),
    X: applyX ? 0o1 << shift : 0,
    s: user === 'u' ? S_ISUID : user === 'g' ? S_ISGID : 0,
    t: user === 'o' ? S_ISVTX : 0,
    u: ((prev & S_IRWXU) >> 6) << shift,
    g: ((prev & S_IRWXG) >> 3) << shift,
    o: (prev & S_IRWXO) << shift,
  };
  let out = 0;
  for (const p of perms) out |= table[p];
  return out;
}

/** Ansible's rendering of a mode: '0%03o' ('0644', '04755'). */
export function formatMode(mode: number): string {
  return '0' + (mode & PERM_BITS).toString(8).padStart(3, '0');
}

/** Four octal digits ('0644', '4755'), the form chmod and ctx.put take. */
export function octal4(mode: number): string {
  return (mode & PERM_BITS).toString(8).padStart(4, '0');
}

/** The mode a newly created file or directory gets under `umask`. */
export function defaultMode(isDir: boolean, umask: number): number {
  return (isDir ? 0o777 : 0o666) & ~umask & PERM_BITS;
}

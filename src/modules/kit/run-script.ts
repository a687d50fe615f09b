/**
 * The one-round-trip script behind command and shell (and script's creates/removes check): cd to
 * chdir, test `creates`/`removes` (globs allowed), then print a marker line and exec the command,
 * all in one remote /bin/sh run. The marker (a random nonce) tells the controller what happened;
 * the command's own output follows it.
 */
import { randomBytes } from 'node:crypto';
import { quote, raw, sh } from '../../util/quote.js';

export type RunOutcome = 'run' | 'would-run' | 'creates' | 'removes' | 'chdir';

export interface RunScriptSpec {
  /** Shell text that runs the command (already quoted; it is exec'd). */
  command: string;
  chdir?: string;
  creates?: string;
  removes?: string;
  /** Check mode: only test creates/removes, print 'would-run' instead of running. */
  check?: boolean;
}

export function newNonce(): string {
  return 'MACHINIST_' + randomBytes(8).toString('hex');
}

/**
 * A glob pattern as one shell word that expands like Python's glob.glob: the pattern characters
 * `*` and `?` and well-formed `[...]` classes stay active, everything else is quoted.
 */
export function globWord(pattern: string): string {
  if (pattern === '') return "''";
  const parts: string[] = [];
  let lit = '';
  const flush = () => {
    if (lit) parts.push(quote(lit));
    lit = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' || c === '?') {
      flush();
      parts.push(c);
    } else if (c === '[') {
      const m = /^\[(!?)(\]?[^\]/]*)\]/.exec(pattern.slice(i));
      if (m && m[2] !== '') {
        flush();
        parts.push('[' + m[1] + quote(m[2]) + ']');
        i += m[0].length - 1;
      } else lit += c;
    } else lit += c;
  }
  flush();
  return parts.join('');
}

/** Shell text that sets __mx=1 when any path matches the glob (broken symlinks count, as lexists). */
function matchAny(pattern: string): string {
  return `__mx=; for __mf in ${globWord(pattern)}; do if [ -e "$__mf" ] || [ -L "$__mf" ]; then __mx=1; break; fi; done`;
}

export function buildRunScript(nonce: string, spec: RunScriptSpec): string {
  const mark = (what: RunOutcome) => sh`printf '%s\n' ${nonce + ' ' + what}`;
  const lines: string[] = [];
  // -P: the physical directory, as Python's os.chdir (the command's $PWD names no symlink); a
  // directory named '-' is not cd's OLDPWD; an empty chdir is none, as Ansible's `if chdir`
  if (spec.chdir) lines.push(sh`cd -P -- ${spec.chdir === '-' ? './-' : spec.chdir} || { ${raw(mark('chdir'))}; exit 1; }`);
  if (spec.creates !== undefined) {
    lines.push(matchAny(spec.creates));
    lines.push(`if [ -n "$__mx" ]; then ${mark('creates')}; exit 0; fi`);
  }
  if (spec.removes !== undefined) {
    lines.push(matchAny(spec.removes));
    lines.push(`if [ -z "$__mx" ]; then ${mark('removes')}; exit 0; fi`);
  }
  if (spec.check) {
    lines.push(mark('would-run'));
  } else {
    lines.push(mark('run'));
    lines.push(`exec ${spec.command}`);
  }
  return lines.join('\n') + '\n';
}

/** Split the marker off the script's stdout. */
export function parseRunOutput(nonce: string, stdout: string): { outcome: RunOutcome | undefined; stdout: string } {
  const prefix = nonce + ' ';
  if (!stdout.startsWith(prefix)) return { outcome: undefined, stdout };
  const nl = stdout.indexOf('\n');
  const word = stdout.slice(prefix.length, nl < 0 ? undefined : nl) as RunOutcome;
  return { outcome: word, stdout: nl < 0 ? '' : stdout.slice(nl + 1) };
}

/**
 * A module's command that holds a vault-revealed value goes to the host on stdin, not in the
 * command line of the remote shell: an argv is visible to every user of the host (ps), and sudo's
 * stays visible for as long as the command runs. The remote shell then only reads the script's
 * length and the script from stdin and evaluates it; the module's own stdin follows the script
 * unchanged. The task's environment goes into the script too (its values may be secrets).
 */
import type { ExecOptions } from '../transport/types.js';
import { envPrefix } from '../util/quote.js';

/**
 * What the remote shell runs instead: the script's byte count on a first line, then exactly that
 * many bytes (head -c reads no further), evaluated in this shell. The `.` keeps trailing newlines.
 */
export const STDIN_SCRIPT_READER = 'IFS= read -r __mx_n && __mx_s=$(head -c "$__mx_n"; echo .) && eval "${__mx_s%.}"';

/** Whether `text` holds one of `secrets`, as written or inside single quotes (util/quote.ts writes ' as '\''). */
function holds(text: string, secrets: string[]): boolean {
  return secrets.some((s) => text.includes(s) || (s.includes("'") && text.includes(s.replace(/'/g, "'\\''"))));
}

/** The command and options to run: unchanged, or the script moved to stdin when it holds a secret. */
export function secretsOffArgv(command: string, opts: ExecOptions, secrets: string[]): { command: string; opts: ExecOptions } {
  if (!secrets.length) return { command, opts };
  const env = opts.env ?? {};
  if (!holds(command, secrets) && !holds(Object.values(env).join('\n'), secrets)) return { command, opts };
  const script = Buffer.from(envPrefix(opts.env) + command, 'utf8');
  const rest = opts.stdin === undefined ? Buffer.alloc(0) : Buffer.isBuffer(opts.stdin) ? opts.stdin : Buffer.from(opts.stdin, 'utf8');
  const { env: _env, ...others } = opts;
  return { command: STDIN_SCRIPT_READER, opts: { ...others, stdin: Buffer.concat([Buffer.from(`${script.length}\n`), script, rest]) } };
}

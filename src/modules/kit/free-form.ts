/**
 * Ansible's free form for command/shell/script may carry options as k=v words: `command: touch /x
 * creates=/x chdir=/tmp`. As Ansible's parse_kv(check_raw=True), only the modules' own option names
 * are taken out (quote-aware: `echo "creates=x"` stays); the rest of the text is kept byte for
 * byte.
 */
import { shlexSplit, ShlexError } from '../../py/shlex.js';

export const FREE_FORM_OPTIONS = ['creates', 'removes', 'chdir', 'executable', 'stdin', 'stdin_add_newline', 'strip_empty_ends'];

interface Span { start: number; end: number; text: string }

/** Words of s with their positions, respecting '...', "..." and backslashes. */
function words(s: string): Span[] {
  const out: Span[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    let q: string | undefined;
    while (i < s.length && (q || !/\s/.test(s[i]))) {
      const c = s[i];
      if (q) {
        if (c === q) q = undefined;
        else if (c === '\\' && q === '"') i++;
      } else if (c === '"' || c === "'") q = c;
      else if (c === '\\') i++;
      i++;
    }
    out.push({ start, end: Math.min(i, s.length), text: s.slice(start, Math.min(i, s.length)) });
  }
  return out;
}

/** Split option words off a free-form string. Returns the remaining command and the options. */
export function extractFreeFormOptions(s: string): { cmd: string; options: Record<string, string> } {
  const options: Record<string, string> = {};
  const drop: Span[] = [];
  for (const w of words(s)) {
    const m = /^([a-z_]+)=([\s\S]*)$/.exec(w.text);
    if (!m || !FREE_FORM_OPTIONS.includes(m[1])) continue;
    let value: string;
    try {
      const parts = shlexSplit(m[2]);
      value = parts.length ? parts.join(' ') : '';
    } catch (e) {
      if (e instanceof ShlexError) continue;
      throw e;
    }
    options[m[1]] = value;
    drop.push(w);
  }
  if (!drop.length) return { cmd: s, options };
  let cmd = '';
  let pos = 0;
  for (const d of drop) {
    cmd += s.slice(pos, d.start);
    pos = d.end;
  }
  cmd += s.slice(pos);
  return { cmd: cmd.trim(), options };
}

/** zod preprocess step: move option words out of `cmd` unless given as keys already. */
export function liftFreeFormOptions(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const args = v as Record<string, unknown>;
  if (typeof args.cmd !== 'string') return v;
  const { cmd, options } = extractFreeFormOptions(args.cmd);
  if (!Object.keys(options).length) return v;
  const out: Record<string, unknown> = { ...args, cmd };
  for (const [k, val] of Object.entries(options)) if (out[k] === undefined) out[k] = val;
  return out;
}

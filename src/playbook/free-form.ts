/**
 * The free form of Ansible's command-like modules (command, shell, script, raw: its FREEFORM_ACTIONS),
 * as parse_kv(check_raw=True) reads it when the playbook loads (ansible/parsing/splitter.py, ported
 * quirk for quirk): the text is split on newlines and single spaces, quoted runs and Jinja2 blocks
 * put back together, a lone `\` ending a line outside quotes dropped (line continuation); the words
 * `creates=`, `removes=`, `chdir=`, `executable=`, `warn=`, `stdin=`, `stdin_add_newline=`,
 * `strip_empty_ends=` become options wherever they are; the other words, joined again keeping their
 * newlines and runs of spaces, are the command (`echo "test"\n` stays with its newline).
 */
import { ArgsSyntaxError, decodeEscapes, unquote } from './args.js';

/** The modules Ansible parses this way (constants.MODULE_REQUIRE_ARGS, POSIX ones). */
export const CHECK_RAW_MODULES = new Set(['command', 'shell', 'script', 'raw']);

/** The option words parse_kv takes out of their free form (the same list for all four modules). */
const RAW_OPTIONS = new Set(['creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends']);

/** The quote open after `token`, starting from `quote` (splitter._get_quote_state). */
function quoteState(token: string, quote: string | undefined): string | undefined {
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if ((c === '"' || c === "'") && (i === 0 || token[i - 1] !== '\\')) {
      if (quote === undefined) quote = c;
      else if (c === quote) quote = undefined;
    }
  }
  return quote;
}

function depth(token: string, cur: number, open: string, close: string): number {
  const n = token.split(open).length - token.split(close).length;
  return n === 0 ? cur : Math.max(0, cur + n);
}

/** splitter.split_args: the words, each keeping the newline (or spaces) that followed it. */
export function ansibleSplitArgs(args: string): string[] {
  const params: string[] = [];
  const items = args.split('\n');
  let quote: string | undefined;
  let inQuotes = false;
  let print = 0;
  let block = 0;
  let comment = 0;
  const last = () => {
    if (!params.length) throw new ArgsSyntaxError(`Unable to parse argument string: ${args}`);
    return params.length - 1;
  };
  items.forEach((item, itemIdx) => {
    const tokens = item.split(' ');
    let continuation = false;
    tokens.forEach((token, idx) => {
      if (token.length === 0 && idx !== 0) {
        params[last()] += ' ';
        return;
      }
      if (token === '\\' && !inQuotes) {
        continuation = true;
        return;
      }
      const wasInQuotes = inQuotes;
      quote = quoteState(token, quote);
      inQuotes = quote !== undefined;
      let appended = false;
      if (inQuotes && !wasInQuotes && !(print || block || comment)) {
        params.push(token);
        appended = true;
      } else if (print || block || comment || inQuotes || wasInQuotes) {
        const at = last();
        if (idx === 0 && wasInQuotes) params[at] += token;
        else if (tokens.length > 1) params[at] += (idx > 0 ? ' ' : '') + token;
        else params[at] += '\n' + token;
        appended = true;
      }
      for (const [get, set, open, close] of [
        [() => print, (n: number) => (print = n), '{{', '}}'],
        [() => block, (n: number) => (block = n), '{%', '%}'],
        [() => comment, (n: number) => (comment = n), '{#', '#}'],
      ] as const) {
        const before = get();
        set(depth(token, before, open, close));
        if (get() !== before && !appended) {
          params.push(token);
          appended = true;
        }
      }
      if (!(print || block || comment) && !inQuotes && !appended && token !== '') params.push(token);
    });
    if (items.length > 1 && itemIdx !== items.length - 1 && !continuation) params[last()] += '\n';
  });
  if (print || block || comment || inQuotes)
    throw new ArgsSyntaxError(`failed at splitting arguments, either an unbalanced jinja2 block or quotes: ${args}`);
  return params;
}

/** splitter.join_args: words joined by a space, none after a newline. */
export function ansibleJoinArgs(params: string[]): string {
  let out = '';
  for (const p of params) out += out.length === 0 || out.endsWith('\n') ? p : ' ' + p;
  return out;
}

/** parse_kv(text, check_raw=True): the option words, and the command (undefined when there is none). */
export function parseRawFreeForm(text: string): { options: Record<string, string>; raw?: string } {
  const options: Record<string, string> = {};
  const raw: string[] = [];
  for (const orig of ansibleSplitArgs(text)) {
    const x = decodeEscapes(orig);
    let pos = -1;
    for (let i = 1; i < x.length; i++) if (x[i] === '=' && x[i - 1] !== '\\') { pos = i; break; }
    if (pos < 0) {
      raw.push(x.includes('=') ? x.replace(/\\=/g, '=') : orig);
      continue;
    }
    const k = x.slice(0, pos);
    if (!RAW_OPTIONS.has(k)) raw.push(orig);
    else options[k.trim()] = unquote(x.slice(pos + 1).trim());
  }
  return raw.length ? { options, raw: ansibleJoinArgs(raw) } : { options };
}

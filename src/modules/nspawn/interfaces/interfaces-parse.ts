/**
 * interfaces(5) as community.general's interfaces_file reads it: every line is kept as written (with
 * its newline), stanza lines ("iface NAME FAMILY METHOD") and the option lines under them are tagged,
 * everything else (comments, blank lines, auto/allow-*, source*, mapping blocks) is carried through
 * untouched. Editing changes only the named option's line; rendering joins the lines back, so a file
 * read and written without a change is byte for byte the same.
 */

export class InterfacesError extends Error {}

/** The options that may occur several times in a stanza (kept as lists, only added or removed). */
export const MULTI_OPTIONS = ['pre-up', 'up', 'down', 'post-up'] as const;

export interface IfLine {
  /** The line as in the file, newline included (the last line may lack one). */
  line: string;
  type: 'unknown' | 'iface' | 'option';
  iface?: string;
  addressFamily?: string | null;
  method?: string | null;
  option?: string;
  value?: string;
}

/** One interface as the module returns it: the lists of up/down commands, family, method, options. */
export type IfaceInfo = Record<string, string | string[] | null>;

/** Split text into lines that keep their newline (as Python's file iteration does). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The option's value: everything after the option name, trimmed (getValueFromLine). */
export function optionValue(line: string): string {
  const t = line.replace(/^\s+/, '');
  const name = t.split(/\s+/)[0];
  return t.slice(name.length).trim();
}

const NONE_WORDS = new Set(['source', 'source-dir', 'source-directory', 'auto', 'no-auto-down', 'no-scripts']);

/** Parse the text into tagged lines. An option before any stanza is an error, as in the module. */
export function parseInterfaces(text: string): IfLine[] {
  const out: IfLine[] = [];
  let mode: 'start' | 'iface' | 'mapping' | 'none' = 'start';
  let iface = '';
  let family: string | null = null;
  splitLines(text).forEach((line, i) => {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0 || words[0].startsWith('#')) {
      out.push({ line, type: 'unknown' });
      return;
    }
    const w = words[0];
    if (w === 'mapping') {
      out.push({ line, type: 'unknown' });
      mode = 'mapping';
    } else if (w === 'iface') {
      if (words.length < 2) throw new InterfacesError(`malformed iface line ${JSON.stringify(line.trimEnd())} in line ${i + 1}`);
      iface = words[1];
      family = words[2] ?? null;
      out.push({ line, type: 'iface', iface, addressFamily: family, method: words[3] ?? null });
      mode = 'iface';
    } else if (NONE_WORDS.has(w) || w.startsWith('allow-')) {
      out.push({ line, type: 'unknown' });
      mode = 'none';
    } else if (mode === 'iface') {
      out.push({ line, type: 'option', iface, addressFamily: family, option: w, value: optionValue(line) });
    } else if (mode === 'start') {
      throw new InterfacesError(`misplaced option ${line.trimEnd()} in line ${i + 1}`);
    } else {
      out.push({ line, type: 'unknown' });
    }
  });
  return out;
}

export function renderInterfaces(lines: IfLine[]): string {
  return lines.map((l) => l.line).join('');
}

/** The interfaces dictionary the module returns (a later stanza of the same name replaces an earlier one). */
export function ifacesOf(lines: IfLine[]): Record<string, IfaceInfo> {
  const res: Record<string, IfaceInfo> = {};
  let cur: IfaceInfo | undefined;
  for (const l of lines) {
    if (l.type === 'iface') {
      cur = { 'pre-up': [], up: [], down: [], 'post-up': [], address_family: l.addressFamily ?? null, method: l.method ?? null };
      res[l.iface!] = cur;
    } else if (l.type === 'option' && cur) {
      if ((MULTI_OPTIONS as readonly string[]).includes(l.option!)) (cur[l.option!] as string[]).push(l.value!);
      else cur[l.option!] = l.value!;
    }
  }
  return res;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The option line with its value replaced, spacing and trailing text kept (update_existing_option_line). */
export function replaceValue(l: IfLine, value: string): string {
  const start = l.line.indexOf(l.option!) + l.option!.length;
  const rest = l.line.slice(start);
  const old = (l.value ?? '').split(/\s+/).filter(Boolean);
  if (old.length === 0) {
    const nl = /\s*$/.exec(rest)![0];
    return l.line.slice(0, start) + ' ' + value + nl;
  }
  const m = new RegExp(old.map(escapeRe).join('\\s+')).exec(rest)!;
  return l.line.slice(0, start) + rest.slice(0, m.index) + value + rest.slice(m.index + m[0].length);
}

function optionLine(option: string, value: string, iface: string, family: string | null, line: string): IfLine {
  return { line, type: 'option', iface, addressFamily: family, option, value };
}

/** A new option line after `after`, indented like it (4 more spaces after a stanza line without options). */
function insertAfter(lines: IfLine[], after: IfLine, option: string, value: string, iface: string, family: string | null, noOptions: boolean): IfLine[] {
  const words = after.line.trim().split(/\s+/);
  const prefix = /^\s*/.exec(after.line)![0] + (noOptions ? '    ' : '');
  const last = words[words.length - 1];
  const suffix = after.line.slice(after.line.lastIndexOf(last) + last.length);
  const idx = lines.lastIndexOf(after);
  const res = lines.slice();
  // a last line without a newline gets one, so the new option does not end up glued to it
  if (!after.line.endsWith('\n')) res[idx] = { ...after, line: after.line + '\n' };
  res.splice(idx + 1, 0, optionLine(option, value, iface, family, `${prefix}${option} ${value}${suffix}`));
  return res;
}

/** Change the stanza's method (option "method"): the last word of the iface line. */
function setMethod(lines: IfLine[], iface: string, value: string, family: string | undefined): { changed: boolean; lines: IfLine[] } {
  let changed = false;
  const res = lines.map((l) => {
    if (l.type !== 'iface' || l.iface !== iface || value === (l.method ?? '')) return l;
    if (family !== undefined && l.addressFamily !== family) return l;
    changed = true;
    const body = l.line.replace(/\s*$/, '');
    const tail = l.line.slice(body.length);
    const line = l.method ? body.slice(0, body.length - l.method.length) + value + tail : `${body} ${value}${tail}`;
    return { ...l, line, method: value };
  });
  return { changed, lines: res };
}

/**
 * set_interface_option: present adds a missing option after the stanza's last line, updates the last
 * occurrence of a single-valued option, and adds an up/down command only when that exact command is
 * not there; absent removes every occurrence (of an up/down command: only those with this value).
 */
export function setOption(
  lines: IfLine[],
  iface: string,
  option: string,
  value: string | undefined,
  state: 'present' | 'absent',
  family?: string,
): { changed: boolean; lines: IfLine[] } {
  let ifLines = lines.filter((l) => l.iface === iface);
  if (family !== undefined) ifLines = ifLines.filter((l) => l.addressFamily === family);
  if (ifLines.length === 0) throw new InterfacesError(`Error: interface ${iface} not found`);
  const options = ifLines.filter((l) => l.type === 'option');
  const targets = options.filter((l) => l.option === option);
  const multi = (MULTI_OPTIONS as readonly string[]).includes(option);
  if (state === 'present') {
    const v = value ?? '';
    if (targets.length === 0) {
      if (option === 'method') return setMethod(lines, iface, v, family);
      const last = ifLines[ifLines.length - 1];
      return { changed: true, lines: insertAfter(lines, last, option, v, iface, last.addressFamily ?? null, options.length === 0) };
    }
    if (multi) {
      if (targets.some((t) => t.value === v)) return { changed: false, lines };
      const last = targets[targets.length - 1];
      return { changed: true, lines: insertAfter(lines, last, option, v, iface, last.addressFamily ?? null, false) };
    }
    const t = targets[targets.length - 1];
    if (t.value === v) return { changed: false, lines };
    const idx = lines.lastIndexOf(t);
    const res = lines.slice();
    res[idx] = optionLine(option, v, iface, t.addressFamily ?? null, replaceValue(t, v));
    return { changed: true, lines: res };
  }
  if (targets.length === 0) return { changed: false, lines };
  const drop = multi && value !== undefined && value !== 'None' ? targets.filter((t) => t.value === value) : targets;
  if (drop.length === 0) return { changed: false, lines };
  return { changed: true, lines: lines.filter((l) => !drop.includes(l)) };
}

/**
 * authorized_keys editing (pure): key lines parsed into options, type, blob and comment (options may
 * hold quoted spaces), keys identified by type and blob as Ansible does, and the edit for
 * state=present/absent and exclusive that keeps comments and unrelated lines in place.
 */

export interface KeyLine {
  options?: string;
  type: string;
  blob: string;
  comment?: string;
}

const TYPE = /^(?:ssh-|ecdsa-|sk-)[A-Za-z0-9@._-]+$/;
const BLOB = /^[A-Za-z0-9+/]+={0,3}$/;

/** Split off a leading options field: up to the first whitespace outside double quotes. */
function splitOptions(s: string): [string, string] {
  let q = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && q) i++;
    else if (c === '"') q = !q;
    else if (!q && (c === ' ' || c === '\t')) return [s.slice(0, i), s.slice(i).trimStart()];
  }
  return [s, ''];
}

/** A key line, or undefined for comments, blank lines and anything that is not a key. */
export function parseKeyLine(line: string): KeyLine | undefined {
  const t = line.trim();
  if (!t || t.startsWith('#')) return undefined;
  let options: string | undefined;
  let rest = t;
  const first = t.split(/\s+/, 1)[0];
  if (!TYPE.test(first)) {
    [options, rest] = splitOptions(t);
    if (!rest) return undefined;
  }
  const parts = rest.split(/\s+/);
  if (parts.length < 2 || !TYPE.test(parts[0]) || !BLOB.test(parts[1])) return undefined;
  const comment = rest.slice(rest.indexOf(parts[1]) + parts[1].length).trim();
  return { options, type: parts[0], blob: parts[1], comment: comment || undefined };
}

export function keyLineText(k: KeyLine): string {
  return [k.options, k.type, k.blob, k.comment].filter((x) => x !== undefined && x !== '').join(' ');
}

export class KeyError extends Error {}

/** The keys a task names: one per non-empty, non-comment line; key_options and comment override. */
export function wantedKeys(key: string, keyOptions?: string, comment?: string): KeyLine[] {
  const res: KeyLine[] = [];
  for (const line of key.split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const k = parseKeyLine(line);
    if (!k) throw new KeyError(`invalid key specified: ${line.trim()}`);
    if (keyOptions !== undefined) k.options = keyOptions || undefined;
    if (comment !== undefined) k.comment = comment || undefined;
    res.push(k);
  }
  return res;
}

const id = (k: KeyLine) => `${k.type} ${k.blob}`;

/**
 * The new file text. present: a key already there with other options or comment is rewritten in
 * place, a missing one appended; exclusive: every other key line goes. absent: the keys' lines go.
 */
export function editAuthorizedKeys(text: string, keys: KeyLine[], state: 'present' | 'absent', exclusive: boolean): string {
  const lines = text === '' ? [] : text.split('\n');
  const trailing = text.endsWith('\n');
  if (trailing) lines.pop();
  const want = new Map(keys.map((k) => [id(k), k]));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of lines) {
    const k = parseKeyLine(line);
    if (!k) {
      out.push(line);
      continue;
    }
    const w = want.get(id(k));
    if (state === 'absent') {
      if (!w) out.push(line);
      continue;
    }
    if (!w) {
      if (!exclusive) out.push(line);
      continue;
    }
    if (seen.has(id(k))) continue;
    seen.add(id(k));
    const same = (k.options ?? '') === (w.options ?? '') && (k.comment ?? '') === (w.comment ?? '');
    out.push(same ? line : keyLineText(w));
  }
  if (state === 'present') for (const k of keys) if (!seen.has(id(k))) {
    seen.add(id(k));
    out.push(keyLineText(k));
  }
  if (out.length === lines.length && out.every((l, i) => l === lines[i])) return text;
  if (out.length === 0) return '';
  return out.join('\n') + '\n';
}

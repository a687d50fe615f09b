/** Split the fact script's output into its named sections. */
import { SECTION_MARK } from './script.js';

export type Sections = Map<string, string>;

export function splitSections(output: string): Sections {
  const out: Sections = new Map();
  const re = new RegExp(`^${SECTION_MARK} (\\S+)$`, 'gm');
  const marks: Array<{ name: string; start: number; end: number }> = [];
  for (let m = re.exec(output); m; m = re.exec(output)) marks.push({ name: m[1], start: m.index, end: m.index + m[0].length });
  marks.forEach((mk, i) => {
    const next = i + 1 < marks.length ? marks[i + 1].start : output.length;
    // Content runs from after the marker's newline to before the blank line the next marker adds.
    let body = output.slice(mk.end + 1, next);
    if (body.endsWith('\n')) body = body.slice(0, -1);
    out.set(mk.name, body);
  });
  return out;
}

/** Section text with trailing newlines removed ('' when absent). */
export function text(s: Sections, name: string): string {
  return (s.get(name) ?? '').replace(/\n+$/, '');
}

/** Non-empty lines of a section. */
export function lines(s: Sections, name: string): string[] {
  return text(s, name).split('\n').filter((l) => l.trim() !== '');
}

/** First line, trimmed, or undefined when empty. */
export function first(s: Sections, name: string): string | undefined {
  const l = lines(s, name)[0]?.trim();
  return l ? l : undefined;
}

/** KEY=VALUE lines (os-release style; quotes removed, backslash escapes resolved). */
export function keyValues(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of body.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2].trim();
    if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0])) {
      const q = v[0];
      v = v.slice(1, -1);
      if (q === '"') v = v.replace(/\\([\\"$`])/g, '$1');
    }
    out[m[1]] = v;
  }
  return out;
}

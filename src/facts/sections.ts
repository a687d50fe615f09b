/** The fact script's output by section (util/sections.ts reads the wire format). */
import { splitOutput } from '../util/sections.js';

export type Sections = Map<string, string>;

export function splitSections(output: string): Sections {
  return new Map(splitOutput(output).sections.map((s) => [s.name, s.text]));
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

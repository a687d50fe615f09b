/**
 * The wire format of every one-round-trip probe (fact gathering and the modules' state probes): ONE
 * remote script prints its sections one after the other, each introduced by a marker line
 * `@@mx NAME`, and the controller splits the output back into them. The marker is printed after a
 * newline of its own, so a section whose output lacks a final newline (`cat` of a file without one)
 * never swallows the next marker; that blank line, like every trailing newline of a section, is not
 * part of the section's text. What comes before the first marker is the head.
 */

/** The text of a marker line before the section's name. */
export const SECTION_MARK = '@@mx';

const NAME = /^[a-z0-9_-]+$/;
const MARK_LINE = new RegExp(`^${SECTION_MARK} ([a-z0-9_-]+)$`);

/** Shell text printing the marker of section `name` (letters, digits, _ and -). */
export function sectionMark(name: string): string {
  if (!NAME.test(name)) throw new Error(`bad section name ${JSON.stringify(name)}`);
  return `echo; echo '${SECTION_MARK} ${name}'`;
}

/**
 * A shell function `F NAME` printing the marker of section NAME (for scripts that print many, or
 * whose names come from a variable).
 */
export function sectionMarkFunction(f: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(f)) throw new Error(`bad shell function name ${JSON.stringify(f)}`);
  return `${f}() { echo; echo "${SECTION_MARK} $1"; }`;
}

export interface Section {
  name: string;
  /** The section's lines, without its trailing newlines. */
  text: string;
}

export interface SplitOutput {
  /** What was printed before the first marker (without its trailing newlines). */
  head: string;
  /** Every section in the order printed; a name printed twice gives two sections. */
  sections: Section[];
}

function trimEnd(lines: string[]): string {
  return lines.join('\n').replace(/\n+$/, '');
}

/** A probe's output split at its marker lines. */
export function splitOutput(out: string): SplitOutput {
  const sections: Section[] = [];
  const head: string[] = [];
  let cur: { name: string; lines: string[] } | undefined;
  const flush = () => {
    if (cur) sections.push({ name: cur.name, text: trimEnd(cur.lines) });
  };
  for (const line of out.split('\n')) {
    const m = MARK_LINE.exec(line);
    if (m) {
      flush();
      cur = { name: m[1], lines: [] };
    } else if (cur) cur.lines.push(line);
    else head.push(line);
  }
  flush();
  return { head: trimEnd(head), sections };
}

/** The sections of a probe's output by name (a name printed twice: the last one). */
export function sections(out: string): Record<string, string> {
  const res: Record<string, string> = {};
  for (const s of splitOutput(out).sections) res[s.name] = s.text;
  return res;
}

/** KEY=VALUE lines as `systemctl show` and the probes print them: the first '=' splits, values are
 * taken as they are, a repeated key keeps its last value, other lines are skipped. */
export function keyValueLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

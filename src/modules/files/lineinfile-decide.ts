/**
 * Ansible's lineinfile algorithm, line for line (present() and absent() of lineinfile.py), on text:
 * where the line goes, when it is replaced, and when nothing changes. Pure; the module wraps it.
 */
import { compilePy, expandMatch } from '../../py/regex.js';

export interface LineArgs {
  regexp?: string;
  search_string?: string;
  line?: string;
  insertafter?: string;
  insertbefore?: string;
  backrefs: boolean;
  firstmatch: boolean;
}

export interface LineOutcome {
  lines: string[];
  changed: boolean;
  msg: string;
  /** absent: number of lines removed. */
  found?: number;
}

const LINESEP = '\n';

/** Python's readlines(): lines with their '\n' kept. */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const i = text.indexOf('\n', start);
    if (i < 0) break;
    out.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

const stripNl = (l: string) => (l.endsWith('\n') ? l.slice(0, -1) : l);
const rstripCrLf = (l: string) => l.replace(/[\r\n]+$/, '');
const endsNl = (l: string) => l.endsWith('\n') || l.endsWith('\r');

function search(re: RegExp, line: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(stripNl(line));
}

export function lineinfilePresent(input: string[], a: LineArgs): LineOutcome {
  const lines = [...input];
  const line = a.line ?? '';
  const insertafter = a.insertbefore === undefined && a.insertafter === undefined ? 'EOF' : a.insertafter;
  const insertbefore = a.insertbefore;
  const bre_m = a.regexp !== undefined ? compilePy(a.regexp).re : undefined;
  let bre_ins: RegExp | undefined;
  if (insertafter !== undefined && insertafter !== 'BOF' && insertafter !== 'EOF') bre_ins = compilePy(insertafter).re;
  else if (insertbefore !== undefined && insertbefore !== 'BOF') bre_ins = compilePy(insertbefore).re;

  const index = [-1, -1];
  let match: RegExpExecArray | boolean | null = null;
  let exactLineMatch = false;

  if (bre_m) {
    for (let n = 0; n < lines.length; n++) {
      const m = search(bre_m, lines[n]);
      if (m) {
        index[0] = n;
        match = m;
        if (a.firstmatch) break;
      }
    }
  }
  if (a.search_string !== undefined) {
    for (let n = 0; n < lines.length; n++) {
      if (lines[n].includes(a.search_string)) {
        index[0] = n;
        match = true;
        if (a.firstmatch) break;
      }
    }
  }
  if (!match) {
    for (let n = 0; n < lines.length; n++) {
      if (line === rstripCrLf(lines[n])) {
        index[0] = n;
        exactLineMatch = true;
      } else if (bre_ins && search(bre_ins, lines[n])) {
        if (insertafter) {
          index[1] = n + 1;
          if (a.firstmatch) break;
        }
        if (insertbefore) {
          index[1] = n;
          if (a.firstmatch) break;
        }
      }
    }
  }

  let msg = '';
  let changed = false;
  const add = () => {
    msg = 'line added';
    changed = true;
  };
  if (index[0] !== -1) {
    let newLine = a.backrefs && match && typeof match !== 'boolean' ? expandMatch(line, match) : line;
    if (!newLine.endsWith(LINESEP)) newLine += LINESEP;
    if (a.regexp === undefined && a.search_string === undefined && !match && !exactLineMatch) {
      // unreachable in practice (index[0] set means a match or an exact line); kept as Ansible has it
    } else if (lines[index[0]] !== newLine) {
      lines[index[0]] = newLine;
      msg = 'line replaced';
      changed = true;
    }
  } else if (a.backrefs) {
    // nothing: without a match the backrefs cannot be filled
  } else if (insertbefore === 'BOF' || insertafter === 'BOF') {
    lines.splice(0, 0, line + LINESEP);
    add();
  } else if (insertafter === 'EOF' || index[1] === -1) {
    if (lines.length && !endsNl(lines[lines.length - 1])) lines.push(LINESEP);
    lines.push(line + LINESEP);
    add();
  } else if (insertafter && index[1] !== -1) {
    if (lines.length === index[1]) {
      if (rstripCrLf(lines[index[1] - 1]) !== line) {
        // Ansible appends to an unterminated last line here ('anchorNEW'); end that line first, as
        // its own code does in the parallel branch above
        if (!endsNl(lines[lines.length - 1])) lines[lines.length - 1] += LINESEP;
        lines.push(line + LINESEP);
        add();
      }
    } else if (line !== rstripCrLf(lines[index[1]])) {
      lines.splice(index[1], 0, line + LINESEP);
      add();
    }
  } else {
    lines.splice(index[1], 0, line + LINESEP);
    add();
  }
  return { lines, changed, msg };
}

export function lineinfileAbsent(input: string[], a: Pick<LineArgs, 'regexp' | 'search_string' | 'line'>): LineOutcome {
  const re = a.regexp !== undefined ? compilePy(a.regexp).re : undefined;
  let found = 0;
  const lines = input.filter((l) => {
    const hit = re ? search(re, l) !== null : a.search_string !== undefined ? l.includes(a.search_string) : a.line === rstripCrLf(l);
    if (hit) found++;
    return !hit;
  });
  return { lines, changed: found > 0, msg: found > 0 ? `${found} line(s) removed` : '', found };
}

/**
 * Ansible's blockinfile algorithm (blockinfile.py main()), on text: find the marker lines, remove the
 * old block, insert the new one after/before a regex match (or at EOF/BOF), with prepend/append_newline.
 * Pure; returns the new text and Ansible's message.
 */
import { compilePy } from '../../py/regex.js';
import { splitLines } from './lineinfile-decide.js';

export interface BlockArgs {
  block: string;
  marker: string;
  marker_begin: string;
  marker_end: string;
  insertafter?: string;
  insertbefore?: string;
  present: boolean;
  append_newline: boolean;
  prepend_newline: boolean;
}

export interface BlockOutcome {
  text: string;
  changed: boolean;
  msg: string;
}

const SEP = '\n';

/** `original` null: the file does not exist. */
export function blockinfile(original: string | null, a: BlockArgs): BlockOutcome {
  const lines = original === null ? [] : splitLines(original);
  let insertafter = a.insertafter;
  const insertbefore = a.insertbefore;
  if (insertbefore === undefined && insertafter === undefined) insertafter = 'EOF';
  let insertre: { re: RegExp; multiline: boolean } | undefined;
  if (insertafter !== undefined && insertafter !== 'EOF') insertre = compilePy(insertafter);
  else if (insertbefore !== undefined && insertbefore !== 'BOF') insertre = compilePy(insertbefore);

  const marker0 = a.marker.split('{mark}').join(a.marker_begin) + SEP;
  const marker1 = a.marker.split('{mark}').join(a.marker_end) + SEP;
  let blocklines: string[] = [];
  if (a.present && a.block) {
    const block = a.block.endsWith(SEP) ? a.block : a.block + SEP;
    blocklines = [marker0, ...splitLines(block), marker1];
  }

  let n0: number | undefined;
  let n1: number | undefined;
  lines.forEach((l, i) => {
    if (l === marker0) n0 = i;
    if (l === marker1) n1 = i;
  });

  if (n0 === undefined || n1 === undefined) {
    n0 = undefined;
    if (insertre) {
      if (insertre.multiline) {
        const text = original ?? '';
        const m = new RegExp(insertre.re.source, insertre.re.flags).exec(text);
        if (m) {
          const count = (s: string) => (s.match(/\n/g) ?? []).length;
          if (insertafter) n0 = count(text.slice(0, m.index + m[0].length));
          else if (insertbefore) n0 = count(text.slice(0, m.index));
        }
      } else {
        lines.forEach((l, i) => {
          if (insertre!.re.exec(l.endsWith('\n') ? l.slice(0, -1) : l)) n0 = i;
        });
      }
      if (n0 === undefined) n0 = lines.length;
      else if (insertafter !== undefined) n0 += 1;
    } else if (insertbefore !== undefined) {
      n0 = 0;
    } else {
      n0 = lines.length;
    }
  } else if (n0 < n1) {
    lines.splice(n0, n1 - n0 + 1);
  } else {
    lines.splice(n1, n0 - n1 + 1);
    n0 = n1;
  }

  if (n0 > 0 && !lines[n0 - 1].endsWith(SEP)) lines[n0 - 1] += SEP;
  if (a.prepend_newline && a.present) {
    if (n0 !== 0 && lines[n0 - 1] !== SEP) {
      lines.splice(n0, 0, SEP);
      n0 += 1;
    }
  }
  lines.splice(n0, 0, ...blocklines);
  if (a.append_newline && a.present) {
    const after = n0 + blocklines.length;
    if (after < lines.length && lines[after] !== SEP) lines.splice(after, 0, SEP);
  }
  const text = lines.join('');
  if (original === text) return { text, changed: false, msg: '' };
  if (original === null) return { text, changed: true, msg: 'File created' };
  if (!blocklines.length) return { text, changed: true, msg: 'Block removed' };
  return { text, changed: true, msg: 'Block inserted' };
}

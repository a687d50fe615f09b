/** Unified diffs of what a task changed (--diff), from the modules' {before, after} entries. */
import { createTwoFilesPatch } from 'diff';
import type { FileDiff } from '../modules/types.js';
import { paint, type Style } from './style.js';

export function renderDiffs(diff: FileDiff | FileDiff[] | undefined, style: Style): string {
  if (!diff) return '';
  const list = Array.isArray(diff) ? diff : [diff];
  const out: string[] = [];
  for (const d of list) {
    if (d.prepared) out.push(d.prepared.replace(/\n+$/, '')); // apt: what the transaction would do, as Ansible shows it
    if (d.before === undefined && d.after === undefined) continue;
    const before = typeof d.before === 'string' ? d.before : JSON.stringify(d.before, null, 2) + '\n';
    const after = typeof d.after === 'string' ? d.after : JSON.stringify(d.after, null, 2) + '\n';
    if (before === after) continue;
    const patch = createTwoFilesPatch(
      `before: ${d.before_header ?? ''}`.trimEnd(),
      `after: ${d.after_header ?? ''}`.trimEnd(),
      before,
      after,
      undefined,
      undefined,
      { context: 3 },
    );
    // drop jsdiff's "Index:"/"====" preamble: Ansible shows --- / +++ / @@ only
    const lines = patch.split('\n').filter((l) => !l.startsWith('Index:') && !/^=+$/.test(l));
    for (const l of lines) {
      const line = l.startsWith('@@') ? l.replace(/([-+]\d+),1(?=\s)/g, '$1') : l; // difflib writes -3 for -3,1
      if (line.startsWith('+') && !line.startsWith('+++')) out.push(paint(style, 'green', line));
      else if (line.startsWith('-') && !line.startsWith('---')) out.push(paint(style, 'red', line));
      else if (line.startsWith('@@')) out.push(paint(style, 'cyan', line));
      else out.push(line);
    }
  }
  return out.join('\n').replace(/\n+$/, '') + (out.length ? '\n' : '');
}

/** Which view shows a run: --json, live listr2 progress on a TTY, or plain lines (CI, pipes, -v). */
import { AdhocView } from '../ui/adhoc.js';
import { JsonView } from '../ui/json.js';
import { ListrView } from '../ui/listr.js';
import { PlainView } from '../ui/plain.js';
import type { View, ViewOptions } from '../ui/view.js';

export function chooseView(kind: 'play' | 'adhoc', o: { json?: boolean; verbose: number; diff?: boolean }): View {
  const opts: ViewOptions = { verbosity: o.verbose, diff: Boolean(o.diff), out: process.stdout, err: process.stderr };
  if (o.json) return new JsonView(opts);
  if (kind === 'adhoc') return new AdhocView(opts);
  const live = Boolean(process.stdout.isTTY) && !process.env.CI && o.verbose === 0;
  return live ? new ListrView(opts) : new PlainView(opts);
}

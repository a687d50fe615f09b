/**
 * Which view shows a run: --json, live listr2 progress on a TTY, or plain lines (CI, pipes, -v). The
 * machines sweep keeps stdout for its table (or its JSON document) and shows the same progress as a
 * play beside it: live on a TTY, else plain lines on stderr.
 */
import { AdhocView } from '../ui/adhoc.js';
import { JsonView } from '../ui/json.js';
import { ListrView } from '../ui/listr.js';
import { MachinesView } from '../ui/machines-view.js';
import { PlainView } from '../ui/plain.js';
import { combine, type View, type ViewOptions } from '../ui/view.js';

export type ViewKind = 'play' | 'adhoc' | 'machines';

export function chooseView(kind: ViewKind, o: { json?: boolean; verbose: number; diff?: boolean }): View {
  const opts: ViewOptions = { verbosity: o.verbose, diff: Boolean(o.diff), out: process.stdout, err: process.stderr };
  const live = Boolean(process.stdout.isTTY) && !process.env.CI && o.verbose === 0;
  if (kind === 'machines') return machinesView(opts, Boolean(o.json), live);
  if (o.json) return new JsonView(opts);
  if (kind === 'adhoc') return new AdhocView(opts);
  return live ? new ListrView(opts) : new PlainView(opts);
}

/** The fleet view: the table after the progress (no recap: the table ends with its own count). */
export function machinesView(opts: ViewOptions, json: boolean, live: boolean): View {
  const fleet = (warnings: boolean) => new MachinesView({ out: opts.out, err: opts.err, json, warnings });
  if (json) return fleet(true);
  if (live) return combine(new ListrView({ ...opts, recap: false }), fleet(false));
  return combine(new PlainView({ ...opts, out: opts.err, recap: false }), fleet(false));
}

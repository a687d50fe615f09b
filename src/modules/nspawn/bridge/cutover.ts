/**
 * The controller's side of a bridge cut-over. ONE command fills a private directory on the host
 * (/run/machinist/bridge-NAME, 0700) with the script, its variables, the new files and the two ip
 * batches, and starts the script detached (systemd-run --collect, or setsid nohup without systemd),
 * so it completes whatever happens to the SSH session. Then the controller drops its connection,
 * connects anew, and polls the script's status; when the script waits for confirmation, the same
 * command creates the confirm file. It returns when the script says "committed" and fails with the
 * script's reason when it rolled back — or when the host stays unreachable until well after the
 * script's own deadline (the script then restores the old network by itself).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ModuleContext } from '../../types.js';
import { quote, sh } from '../../../util/quote.js';
import { ModuleFailure } from '../../../util/errors.js';
import { CUTOVER_SCRIPT } from './cutover-script.js';
import { CUTOVER_ROOT, cutoverDir, cutoverUnit } from './bridge-state.js';
import type { FileChange } from './bridge-decide.js';
import { withTimeout } from '../../../util/timeout.js';

export interface CutoverVars {
  /** The link the gateway check runs on (the new holder of the address). */
  DEV: string;
  GW: string;
  TIMEOUT: number;
  DHCP_NEW: string;
  DHCP_OLD: string;
  DHCP_TIMEOUT: number;
  NETWORKD: 0 | 1;
  NETWORKD_WAS: 0 | 1;
  IFSTATE_UP: string;
  IFSTATE_DOWN: string;
  GW_TRIES: number;
}

export interface CutoverSpec {
  name: string;
  files: FileChange[];
  forward: string[];
  rollback: string[];
  vars: CutoverVars;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** The manifest lines: "put N DEST" or "del - DEST" (paths were built from checked names). */
export function manifest(files: FileChange[]): string {
  return files.map((f, i) => (f.after !== undefined ? `put ${i} ${f.path}` : `del - ${f.path}`)).join('\n') + (files.length ? '\n' : '');
}

export function varsFile(v: CutoverVars): string {
  return Object.entries(v).map(([k, x]) => `${k}=${quote(String(x))}`).join('\n') + '\n';
}

/** Shell text that writes the cut-over directory and starts the script detached. Prints "started". */
export function startCommand(spec: CutoverSpec): string {
  for (const f of spec.files) if (/\s/.test(f.path)) throw new Error(`unexpected space in ${f.path}`);
  const dir = cutoverDir(spec.name);
  const unit = cutoverUnit(spec.name);
  const write = (rel: string, content: string) => sh`printf '%s' ${b64(content)} | base64 -d > "$D"/${rel}`;
  const lines = [
    'umask 077',
    sh`D=${dir}; U=${unit}`,
    `if [ -d /run/systemd/system ] && systemctl is-active --quiet "$U.service"; then echo "a cut-over of this bridge is still running ($U)" >&2; exit 75; fi`,
    // an ended cut-over whose transient unit systemd kept loaded would make systemd-run refuse the name
    `if [ -e "/run/systemd/transient/$U.service" ]; then systemctl stop "$U.service" 2>/dev/null || true; fi`,
    sh`mkdir -p ${CUTOVER_ROOT} && rm -rf "$D" && mkdir -m 0700 "$D" "$D/new" || exit 1`,
    write('cutover.sh', CUTOVER_SCRIPT),
    write('vars', varsFile(spec.vars)),
    write('manifest', manifest(spec.files)),
    write('forward.batch', spec.forward.map((l) => l + '\n').join('')),
    write('rollback.batch', spec.rollback.map((l) => l + '\n').join('')),
    ...spec.files.flatMap((f, i) => (f.after !== undefined ? [write(`new/${i}`, f.after)] : [])),
    'if [ -d /run/systemd/system ] && command -v systemd-run >/dev/null 2>&1; then',
    '  systemctl reset-failed "$U.service" >/dev/null 2>&1',
    "  systemd-run --quiet --collect --unit=\"$U\" --description='machinist bridge cut-over' /bin/sh \"$D/cutover.sh\" \"$D\" || exit 1",
    'else',
    '  setsid nohup /bin/sh "$D/cutover.sh" "$D" </dev/null >/dev/null 2>&1 &',
    'fi',
    'echo started',
  ];
  return lines.join('\n') + '\n';
}

/** One poll: confirm when the script waits, then print its status and the tail of its log. */
export function pollCommand(name: string): string {
  return sh`D=${cutoverDir(name)}; ` + `s=$(head -n 1 "$D/status" 2>/dev/null); if [ "$s" = waiting ]; then : > "$D/confirm"; fi; cat "$D/status" 2>/dev/null; echo '@@log'; tail -n 20 "$D/log" 2>/dev/null; true`;
}

export interface PollState {
  status: string;
  reason: string;
  log: string;
}

export function parsePoll(out: string): PollState {
  const [head, log = ''] = out.split('@@log\n');
  const [status = '', reason = ''] = head.split('\n');
  return { status: status.trim(), reason: reason.trim(), log: log.trimEnd() };
}

export interface CutoverOutcome {
  status: 'committed';
  seconds: number;
  log: string;
}

/** Run the cut-over; resolves when committed, throws ModuleFailure with the reason otherwise. */
export async function runCutover(ctx: ModuleContext, spec: CutoverSpec, opts: { pollMs?: number; marginS?: number } = {}): Promise<CutoverOutcome> {
  const start = Date.now();
  const pollMs = opts.pollMs ?? 200;
  const started = await ctx.exec(startCommand(spec));
  if (started.rc !== 0 || !started.stdout.includes('started')) {
    throw new ModuleFailure(`bridge cut-over on ${ctx.host} could not start: ${started.stderr.trim() || `rc ${started.rc}`}; nothing was changed`, { rc: started.rc, stderr: started.stderr });
  }
  const v = spec.vars;
  const deadline = start + (v.TIMEOUT + (v.DHCP_NEW ? v.DHCP_TIMEOUT : 0) + v.GW_TRIES * 3 + (opts.marginS ?? 30)) * 1000;
  let fresh = false;
  let last: PollState | undefined;
  let lastError = '';
  await sleep(200, undefined, { signal: ctx.signal });
  for (;;) {
    ctx.signal.throwIfAborted();
    try {
      if (!fresh) {
        // confirm over a NEW connection: the old session may have survived a network that is broken for new ones
        await ctx.conn.close().catch(() => {});
        await withTimeout(ctx.conn.connect(), 8000, 'connect');
        fresh = true;
      }
      const r = await ctx.exec(pollCommand(spec.name), { timeoutMs: 8000 });
      if (r.rc !== 0) throw new Error(`status read failed: ${r.stderr.trim() || `rc ${r.rc}`}`);
      last = parsePoll(r.stdout);
      if (last.status === 'committed') return { status: 'committed', seconds: Math.round((Date.now() - start) / 100) / 10, log: last.log };
      if (last.status === 'rolled-back') {
        throw new ModuleFailure(`bridge cut-over on ${ctx.host} rolled back: ${last.reason}; the previous network configuration is restored`, { cutover: 'rolled-back', reason: last.reason, cutover_log: last.log.split('\n') });
      }
      if (last.status === 'failed') throw new ModuleFailure(`bridge cut-over on ${ctx.host} failed before changing anything: ${last.reason}`, { cutover: 'failed', cutover_log: last.log.split('\n') });
    } catch (e) {
      if (e instanceof ModuleFailure || ctx.signal.aborted) throw e;
      fresh = false;
      lastError = (e as Error).message;
    }
    if (Date.now() > deadline) break;
    await sleep(fresh ? pollMs : 1000, undefined, { signal: ctx.signal });
  }
  const seen = last ? `the script's last status was "${last.status}"` : 'its status was never read';
  throw new ModuleFailure(
    `bridge cut-over on ${ctx.host}: the controller could not confirm (${seen}; last error: ${lastError || 'none'}). ` +
      `Without confirmation the host restores its previous network configuration by itself after ${v.TIMEOUT} s.`,
    { cutover: 'unconfirmed' },
  );
}

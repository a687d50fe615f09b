/**
 * A task across the active hosts of a batch (linear strategy): its module looked up once, run_once
 * deciding the targets, every target concurrently (at most `forks` at once), each reporting as soon
 * as it finishes. Then each host's outcome (host-outcome.ts) is carried out: handler notifications,
 * register, facts, recap counts, events, the host's state; last the play-wide stops
 * (any_errors_fatal, max_fail_percentage).
 */
import { settings } from '../config/index.js';
import * as path from 'node:path';
import type { ModuleResult } from '../modules/types.js';
import type { Common, Task } from '../playbook/types.js';
import { markUnsafe, renderValue } from '../template/index.js';
import type { TaskInfo } from './events.js';
import { inherited, kwBool, taskInfo, taskName, type PlayCtx, type Scope } from './context.js';
import { hostOutcome, outcomeKeywords, runOnceTargets } from './host-outcome.js';
import { Limiter } from './limiter.js';
import { playLevelVars, setHostVars, setIncludedVars, taskVars } from './host-vars.js';
import { runHostTask, type HostRun, type HostTaskHooks } from './task-on-host.js';
import { failedResult, resolveModule } from './module-call.js';
import { displayResult, maskSecrets } from './no-log.js';
import { cleanForDisplay, statusOf } from './results.js';
import { shouldRunTags } from './tags.js';

export function taskTags(task: Task, scope: Scope): string[] {
  return [...new Set([...scope.tags, ...task.tags])];
}

/** --start-at-task: Ansible compares the task name (exactly or as a glob). */
export function matchesStartAt(name: string, pattern: string): boolean {
  if (name === pattern) return true;
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return re.test(name);
}

/** Should this task run at all (tags, --start-at-task)? Tasks left out produce no event. */
export function selected(pc: PlayCtx, task: Task, scope: Scope, name: string): boolean {
  const run = pc.run;
  if (!scope.isHandler && !shouldRunTags(taskTags(task, scope), run.opts.tags, run.opts.skipTags)) return false;
  if (!scope.isHandler && run.startAtPending) {
    const pattern = run.opts.startAtTask ?? '';
    if (!matchesStartAt(name, pattern) && !(task.name !== undefined && matchesStartAt(task.name, pattern))) return false;
    run.startAtPending = false;
  }
  return true;
}

function failedTaskInfo(info: TaskInfo, task: Task): Record<string, unknown> {
  // the task's own name, as Ansible's task.serialize(): without the "role : " prefix shown in the output
  const role = task.roleDir ? `${path.basename(task.roleDir)} : ` : '';
  const name = role && info.name.startsWith(role) ? info.name.slice(role.length) : info.name;
  return { name, action: task.module, ...(task.loc ? { loc: task.loc } : {}) };
}

/** Strip internal keys before a result is registered. */
function forRegister(r: ModuleResult, secrets: string[]): ModuleResult {
  const out: ModuleResult = {};
  for (const [k, v] of Object.entries(r)) if (!k.startsWith('_ansible_')) out[k] = v;
  return markUnsafe(maskSecrets(out, secrets));
}

/**
 * A result's ansible_facts, as Ansible's strategy takes them: include_vars sets host variables,
 * set_fact host-scope facts, any other module host facts (kept under the names it returned).
 */
function applyFacts(pc: PlayCtx, task: Task, hr: HostRun, receivers: string[]): void {
  const kind = moduleName(hr.action ?? task.module);
  if (kind === 'debug') return;
  const results = hr.items ?? [hr.result];
  for (const r of results) {
    const facts = r.ansible_facts;
    if (!facts || typeof facts !== 'object' || r.failed === true || r.skipped === true) continue;
    for (const h of receivers) {
      if (kind === 'include_vars') setIncludedVars(pc, h, { ...facts });
      else if (kind === 'set_fact') setHostVars(pc, h, { ...facts });
      else pc.run.facts.set(h, markUnsafe({ ...(pc.run.facts.get(h) ?? {}), ...facts }));
    }
  }
}

/** The module's own name (ansible.builtin.set_fact → set_fact), or the name as written when unknown. */
function moduleName(name: string): string {
  const def = resolveModule(name);
  return typeof def === 'string' ? name : def.name;
}

/** The per-host events of a loop's items and of until/retries, as the host's task reports them. */
function hostHooks(pc: PlayCtx, host: string, info: TaskInfo): HostTaskHooks {
  const run = pc.run;
  const shown = (r: ModuleResult, noLog: boolean, secrets: string[]) => displayResult(cleanForDisplay(r), noLog, [...secrets, ...run.secrets]);
  return {
    item: (rep, noLog, secrets) =>
      run.emit({
        type: 'host_task_result', host, task: info, status: statusOf(rep.result), item: noLog ? '(censored due to no_log)' : maskSecrets(rep.label, [...secrets, ...run.secrets]),
        result: shown(rep.result, noLog, secrets), durationMs: rep.durationMs,
      }),
    retry: (r, attempt, retriesLeft, noLog, secrets) => run.emit({ type: 'host_task_retry', host, task: info, attempt, retriesLeft, result: shown(r, noLog, secrets) }),
  };
}

/** A task being run on its hosts: what carrying out each host's outcome needs. */
interface TaskRun {
  pc: PlayCtx;
  task: Task;
  scope: Scope;
  info: TaskInfo;
  /** The hosts the task was given (run_once results stand for those still in the play). */
  hosts: string[];
  /** With run_once: the host whose result stands for every host. */
  once?: string;
  /** Hosts whose failure stops them here (returned to the strategy). */
  failed: Set<string>;
}

/** Carry a host's outcome out: handler notifications, register, facts, recap, events, host states. */
function record(t: TaskRun, host: string, hr: HostRun, durationMs: number): void {
  const { pc, task, info } = t;
  const run = pc.run;
  const receivers = host === t.once ? t.hosts.filter((h) => pc.hosts.isActive(h) || h === host) : [host];
  const o = hostOutcome({
    result: hr.result, keywords: hr.keywords, receivers, handles: (n) => pc.handlers.match(n).length > 0, aborted: run.signal.aborted, rescuable: t.scope.rescuable,
  });
  const secrets = [...hr.secrets, ...run.secrets];
  for (const n of o.notify) pc.handlers.notify(host, n);
  if (task.register) for (const h of receivers) setHostVars(pc, h, { [task.register]: forRegister(o.result, secrets) });
  if (o.keepFacts) applyFacts(pc, task, hr, receivers);
  run.stats.record(host, { status: o.status, changed: o.result.changed === true, ignored: o.ignored, rescued: o.rescued });
  run.emit({
    type: 'host_task_result', host, task: info, status: o.status, result: displayResult(cleanForDisplay(o.result), hr.noLog, secrets), durationMs,
    ...(o.ignored || o.rescued ? { ignored: true } : {}),
    ...(o.rescued ? { rescued: true } : {}),
    ...(hr.items ? { loop: true } : {}),
  });
  if (o.unreachable) {
    pc.hosts.unreachable(host);
    run.emit({ type: 'host_unreachable', host, message: String(o.result.msg ?? 'unreachable') });
  }
  for (const h of o.failed) {
    t.failed.add(h);
    if (o.rescued) setHostVars(pc, h, { ansible_failed_task: failedTaskInfo(info, task), ansible_failed_result: forRegister(o.result, secrets) });
    else pc.hosts.failInBatch(h);
  }
}

/**
 * Run `task` on `hosts` (already active). Returns the hosts whose failure stops them here (to be
 * rescued by an enclosing block or to leave the play).
 */
export async function runTask(pc: PlayCtx, task: Task, hosts: string[], scope: Scope): Promise<Set<string>> {
  const run = pc.run;
  const failed = new Set<string>();
  const name = taskName(task, playLevelVars(pc));
  if (!hosts.length || !selected(pc, task, scope, name)) return failed;
  run.tasksRun++;
  const info = taskInfo(run, name, task.module, task, scope.isHandler);
  const module = task.loadError ?? resolveModule(task.module);
  // add_host runs for the first host alone, its result that host's only (Ansible's BYPASS_HOST_LOOP)
  const bypass = moduleName(task.module) === 'add_host';
  const runOnce = bypass ? true : inherited(task, scope, 'runOnce');
  const once = runOnceTargets(hosts, (h) => (typeof runOnce === 'string' ? kwBool(runOnce, taskVars(pc, h, scope, task.vars, undefined, task)) : runOnce) === true);
  const t: TaskRun = { pc, task, scope, info, hosts, failed, ...(once.once && !bypass ? { once: once.once } : {}) };
  run.emit({ type: 'task_start', task: info, hosts: once.targets });
  const throttle = throttleOf(pc, task, scope);
  await Promise.all(
    once.targets.map((host) =>
      throttle.run(() => run.limiter.run(async () => {
        if (run.signal.aborted) return;
        run.emit({ type: 'host_task_start', host, task: info });
        const started = Date.now();
        const hr: HostRun = once.error
          ? { result: failedResult(once.error), noLog: false, secrets: [], keywords: outcomeKeywords(task, scope, taskVars(pc, host, scope, task.vars, undefined, task)) }
          : await runHostTask(pc, host, task, scope, module, hostHooks(pc, host, info));
        record(t, host, hr, Date.now() - started);
      })),
    ),
  );
  run.emit({ type: 'task_end', task: info });
  checkPlayStops(pc, task, scope, once.targets, failed);
  return failed;
}

/** throttle: at most that many hosts on this task at once (rendered with the play's vars); none or 0 leaves it to forks. */
function throttleOf(pc: PlayCtx, task: Task, scope: Scope): { run<T>(fn: () => Promise<T>): Promise<T> } {
  const v = inherited(task, scope, 'throttle');
  const n = v === undefined ? 0 : Number(typeof v === 'string' ? renderValue(v, playLevelVars(pc)) : v);
  return Number.isInteger(n) && n > 0 ? new Limiter(n) : { run: (fn) => fn() };
}

/** any_errors_fatal and max_fail_percentage, checked after every task (an include: once its files are loaded) as Ansible's linear strategy. */
export function checkPlayStops(pc: PlayCtx, task: Common, scope: Scope, targets: string[], failed: Set<string>): void {
  if (pc.aborted || pc.run.signal.aborted) return;
  const fatal = (inherited(task, scope, 'anyErrorsFatal') ?? settings().get<boolean>('ANY_ERRORS_FATAL')) === true;
  // a host whose failure leads into an always section runs it first (Ansible's linear strategy spares hosts in rescue/always)
  const finalFailure = targets.some((h) => (failed.has(h) && pc.hosts.failedInBatch(h) && scope.alwaysNext !== true) || pc.hosts.get(h) === 'unreachable');
  let reason: 'any_errors_fatal' | 'max_fail_percentage' | undefined;
  if (fatal && finalFailure) reason = 'any_errors_fatal';
  const mfp = pc.play.maxFailPercentage;
  if (!reason && mfp !== undefined && pc.batch.length && (pc.hosts.batchFailures() / pc.batch.length) * 100 > mfp) reason = 'max_fail_percentage';
  if (!reason) return;
  pc.aborted = true;
  pc.hosts.failWithPlay(pc.batch);
  pc.run.emit({ type: 'no_more_hosts', play: { id: pc.id, name: pc.name }, reason });
}

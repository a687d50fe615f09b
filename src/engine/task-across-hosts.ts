/**
 * A task across the active hosts of a batch (linear strategy): every host concurrently, at most
 * `forks` at once, each reporting as soon as it finishes. Then the outcome per host: recap counts,
 * register, facts, handler notifications, unreachable hosts leaving the play, and the play-wide
 * stops (any_errors_fatal, max_fail_percentage).
 */
import type { ModuleResult } from '../modules/types.js';
import type { Task } from '../playbook/types.js';
import { markUnsafe, renderValue } from '../template/index.js';
import type { TaskInfo } from './events.js';
import { inherited, kwBool, taskInfo, taskName, type PlayCtx, type Scope } from './context.js';
import { missingHandlerMessage } from './handlers.js';
import { playLevelVars, setHostVars } from './host-vars.js';
import { INTERRUPTED, runHostTask, type HostRun } from './task-on-host.js';
import { failedResult } from './module-call.js';
import { displayResult, maskSecrets } from './no-log.js';
import { cleanForDisplay, statusOf } from './results.js';
import { shouldRunTags } from './tags.js';
import { unprefixFacts } from './vars.js';

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
  return { name: info.name, action: task.module, ...(task.loc ? { loc: task.loc } : {}) };
}

/** Strip internal keys before a result is registered. */
function forRegister(r: ModuleResult, secrets: string[]): ModuleResult {
  const out: ModuleResult = {};
  for (const [k, v] of Object.entries(r)) if (!k.startsWith('_ansible_')) out[k] = v;
  return markUnsafe(maskSecrets(out, secrets));
}

function applyFacts(pc: PlayCtx, task: Task, hr: HostRun, receivers: string[]): void {
  if (task.module === 'debug') return;
  const results = hr.items ?? [hr.result];
  for (const r of results) {
    const facts = r.ansible_facts;
    if (!facts || typeof facts !== 'object' || r.failed === true || r.skipped === true) continue;
    for (const h of receivers) {
      if (task.module === 'set_fact') setHostVars(pc, h, { ...facts });
      else pc.run.facts.set(h, markUnsafe({ ...(pc.run.facts.get(h) ?? {}), ...unprefixFacts(facts) }));
    }
  }
}

/**
 * Run `task` on `hosts` (already active). Returns the hosts whose failure stops them here (to be
 * rescued by an enclosing block or to leave the play).
 */
export async function runTask(pc: PlayCtx, task: Task, hosts: string[], scope: Scope): Promise<Set<string>> {
  const run = pc.run;
  const failed = new Set<string>();
  const pvars = playLevelVars(pc);
  const name = taskName(task, pvars);
  if (!hosts.length || !selected(pc, task, scope, name)) return failed;
  run.tasksRun++;
  const info = taskInfo(run, name, task.module, task, scope.isHandler);
  let runOnce = false;
  try {
    runOnce = kwBool(inherited(task, scope, 'runOnce'), pvars) ?? false;
  } catch {
    runOnce = false;
  }
  const targets = runOnce ? [hosts[0]] : hosts;
  run.emit({ type: 'task_start', task: info, hosts: targets });
  const allSecrets = (hr: HostRun) => [...hr.secrets, ...run.secrets];

  const finish = (host: string, hr: HostRun, durationMs: number) => {
    let result = hr.result;
    let status = statusOf(result);
    const receivers = runOnce ? hosts.filter((h) => !pc.state.has(h) || h === host) : [host];
    if (status === 'changed' && task.notify.length) {
      for (const n of task.notify) {
        let notification = n;
        try {
          notification = String(renderValue(n, hr.vars));
        } catch {
          /* an unrenderable name is looked up as written */
        }
        if (!pc.handlers.notify(host, notification)) {
          result = failedResult(missingHandlerMessage(notification), { changed: true });
          status = 'failed';
          break;
        }
      }
    }
    if (task.register) for (const h of receivers) setHostVars(pc, h, { [task.register]: forRegister(result, allSecrets(hr)) });
    if (status === 'ok' || status === 'changed') applyFacts(pc, task, hr, receivers);

    const interrupted = status === 'failed' && result.msg === INTERRUPTED && run.signal.aborted;
    let ignored = false;
    try {
      if (status === 'failed' && !interrupted) ignored = kwBool(inherited(task, scope, 'ignoreErrors'), hr.vars) ?? false;
      if (status === 'unreachable') ignored = kwBool(inherited(task, scope, 'ignoreUnreachable'), hr.vars) ?? false;
    } catch {
      ignored = false;
    }
    const rescued = status === 'failed' && !ignored && !interrupted && scope.rescuable;
    run.stats.record(host, { status, changed: result.changed === true, ignored, rescued });

    const shown = displayResult(cleanForDisplay(result), hr.noLog, allSecrets(hr));
    run.emit({
      type: 'host_task_result', host, task: info, status, result: shown, durationMs,
      ...(ignored || rescued ? { ignored: true } : {}),
      ...(rescued ? { rescued: true } : {}),
      ...(hr.items ? { loop: true } : {}),
    });

    if (status === 'unreachable' && !ignored) {
      pc.state.set(host, 'unreachable');
      run.unreachable.add(host);
      pc.handlers.dropHost(host);
      run.emit({ type: 'host_unreachable', host, message: String(result.msg ?? 'unreachable') });
    }
    if (status === 'failed' && !ignored) {
      const hit = runOnce ? receivers : [host];
      for (const h of hit) failed.add(h);
      if (rescued) {
        for (const h of hit) setHostVars(pc, h, { ansible_failed_task: failedTaskInfo(info, task), ansible_failed_result: forRegister(result, allSecrets(hr)) });
      } else for (const h of hit) pc.batchFailed.add(h);
    }
  };

  await Promise.all(
    targets.map((host) =>
      run.limiter.run(async () => {
        if (run.signal.aborted) return;
        run.emit({ type: 'host_task_start', host, task: info });
        const started = Date.now();
        const hr = await runHostTask(pc, host, task, scope, {
          item: (rep, noLog, secrets) =>
            run.emit({
              type: 'host_task_result', host, task: info, status: statusOf(rep.result), item: noLog ? '(censored due to no_log)' : maskSecrets(rep.label, [...secrets, ...run.secrets]),
              result: displayResult(cleanForDisplay(rep.result), noLog, [...secrets, ...run.secrets]), durationMs: rep.durationMs,
            }),
          retry: (r, attempt, retriesLeft, noLog, secrets) =>
            run.emit({ type: 'host_task_retry', host, task: info, attempt, retriesLeft, result: displayResult(cleanForDisplay(r), noLog, [...secrets, ...run.secrets]) }),
        });
        finish(host, hr, Date.now() - started);
      }),
    ),
  );
  run.emit({ type: 'task_end', task: info });
  checkPlayStops(pc, task, scope, targets, failed);
  return failed;
}

/** any_errors_fatal and max_fail_percentage, checked after every task as Ansible's linear strategy. */
function checkPlayStops(pc: PlayCtx, task: Task, scope: Scope, targets: string[], failed: Set<string>): void {
  if (pc.aborted || pc.run.signal.aborted) return;
  const fatal = inherited(task, scope, 'anyErrorsFatal') === true;
  const finalFailure = targets.some((h) => (failed.has(h) && pc.batchFailed.has(h)) || pc.state.get(h) === 'unreachable');
  let reason: 'any_errors_fatal' | 'max_fail_percentage' | undefined;
  if (fatal && finalFailure) reason = 'any_errors_fatal';
  const mfp = pc.play.maxFailPercentage;
  if (!reason && mfp !== undefined && pc.batch.length && (pc.batchFailed.size / pc.batch.length) * 100 > mfp) reason = 'max_fail_percentage';
  if (!reason) return;
  pc.aborted = true;
  for (const h of pc.batch) {
    if (!pc.state.has(h)) {
      pc.state.set(h, 'failed');
      pc.run.failed.add(h);
    }
  }
  pc.run.emit({ type: 'no_more_hosts', play: { id: pc.id, name: pc.name }, reason });
}

/**
 * What a task's result means for a host, decided without side effects: the keywords that shape the
 * outcome (ignore_errors, ignore_unreachable, notify) rendered as Ansible's post_validate does, the
 * host run_once picks, and the outcome itself (status, ignored, rescued, notifications, who fails).
 * task-across-hosts.ts carries the outcome out (recap, register, facts, events, host states).
 */
import type { ModuleResult } from '../modules/types.js';
import type { Task } from '../playbook/types.js';
import { renderValue } from '../template/index.js';
import { inherited, kwBool, type Scope } from './context.js';
import type { HostStatus } from './events.js';
import { missingHandlerMessage } from './handlers.js';
import { failedResult } from './module-call.js';
import { fieldError, statusOf } from './results.js';
import type { Vars } from './vars.js';

/** The keywords that decide what a result means, rendered with the host's variables. */
export interface OutcomeKeywords {
  ignoreErrors: boolean;
  ignoreUnreachable: boolean;
  /** Handler names and topics, rendered. */
  notify: string[];
  /** A keyword did not render: the task fails with this message (Ansible's post_validate). */
  error?: string;
}

/**
 * Render the keywords; never throws. A keyword that does not render gives `error`, and the ones after
 * it keep their defaults. One quirk is Ansible's own: when ignore_errors itself does not render, the
 * strategy sees its unrendered text, which is true, so that failure is ignored.
 */
export function outcomeKeywords(task: Task, scope: Scope, vars: Vars): OutcomeKeywords {
  const kw: OutcomeKeywords = { ignoreErrors: false, ignoreUnreachable: false, notify: [] };
  const fields = [
    ['ignore_errors', () => (kw.ignoreErrors = kwBool(inherited(task, scope, 'ignoreErrors'), vars) ?? false)],
    ['ignore_unreachable', () => (kw.ignoreUnreachable = kwBool(inherited(task, scope, 'ignoreUnreachable'), vars) ?? false)],
    ['notify', () => (kw.notify = task.notify.map((n) => String(renderValue(n, vars))))],
  ] as const;
  for (const [field, render] of fields) {
    try {
      render();
    } catch (e) {
      kw.error = fieldError(field, e);
      if (field === 'ignore_errors') kw.ignoreErrors = true;
      break;
    }
  }
  return kw;
}

/**
 * run_once, rendered per host in order as Ansible's linear strategy does: the task runs on the hosts
 * up to the first one for which it is true, and that host's result stands for every host. A value
 * that does not render fails the task (Ansible stops the whole run there).
 */
export function runOnceTargets(hosts: string[], runOnce: (host: string) => boolean): { targets: string[]; once?: string; error?: string } {
  for (let i = 0; i < hosts.length; i++) {
    let on: boolean;
    try {
      on = runOnce(hosts[i]);
    } catch (e) {
      return { targets: hosts, error: fieldError('run_once', e) };
    }
    if (on) return { targets: hosts.slice(0, i + 1), once: hosts[i] };
  }
  return { targets: hosts };
}

export interface OutcomeInput {
  result: ModuleResult;
  /** Rendered before the module ran, or after the task failed without getting that far; none when skipped. */
  keywords?: OutcomeKeywords;
  /** The hosts the result stands for: the host, or with run_once every host of the task still in the play. */
  receivers: string[];
  /** Does a handler answer to this notification? */
  handles(notification: string): boolean;
  /** The run was interrupted (Ctrl-C). */
  aborted: boolean;
  /** An enclosing block will run its rescue section for a failure. */
  rescuable: boolean;
}

export interface HostOutcome {
  /** The result to register and show (a missing handler turns a change into a failure). */
  result: ModuleResult;
  status: HostStatus;
  /** ignore_errors (failed) or ignore_unreachable (unreachable) applied. */
  ignored: boolean;
  /** The failure goes to the enclosing block's rescue section. */
  rescued: boolean;
  /** Handler notifications to queue for the host. */
  notify: string[];
  /** Facts (set_fact, gathered) are kept: the task succeeded. */
  keepFacts: boolean;
  /** The host leaves the play as unreachable. */
  unreachable: boolean;
  /** The hosts whose failure stops them here (rescued or for good). */
  failed: string[];
}

export const INTERRUPTED = 'interrupted';

export function hostOutcome(inp: OutcomeInput): HostOutcome {
  const kw = inp.keywords;
  let result = inp.result;
  let status = statusOf(result);
  let notify: string[] = [];
  if (status === 'changed' && kw?.notify.length) {
    const missing = kw.notify.findIndex((n) => !inp.handles(n));
    notify = missing < 0 ? kw.notify : kw.notify.slice(0, missing);
    if (missing >= 0) {
      result = failedResult(missingHandlerMessage(kw.notify[missing]), { changed: true });
      status = 'failed';
    }
  }
  const interrupted = status === 'failed' && result.msg === INTERRUPTED && inp.aborted;
  const ignored = (status === 'failed' && !interrupted && kw?.ignoreErrors === true) || (status === 'unreachable' && kw?.ignoreUnreachable === true);
  const rescued = status === 'failed' && !ignored && !interrupted && inp.rescuable;
  return {
    result,
    status,
    ignored,
    rescued,
    notify,
    keepFacts: status === 'ok' || status === 'changed',
    unreachable: status === 'unreachable' && !ignored,
    failed: status === 'failed' && !ignored ? inp.receivers : [],
  };
}

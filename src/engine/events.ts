/**
 * Everything the engine reports, as events. listr2 progress, plain line output and --json are views
 * of this stream; the engine never prints.
 */
import type { SourceLocation } from '../util/errors.js';
import type { ModuleResult } from '../modules/types.js';

export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

export interface Counters {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export interface TaskInfo {
  /** Unique per run. */
  id: string;
  name: string;
  module: string;
  loc?: SourceLocation;
  isHandler: boolean;
}

export type EngineEvent =
  | { type: 'run_start'; playbooks: string[]; check: boolean }
  | { type: 'play_start'; play: { id: string; name: string; hosts: string[] } }
  | { type: 'batch_start'; hosts: string[] }
  | { type: 'task_start'; task: TaskInfo; hosts: string[] }
  | { type: 'host_task_start'; host: string; task: TaskInfo }
  | {
      type: 'host_task_result';
      host: string;
      task: TaskInfo;
      status: HostStatus;
      /** Failure was ignored (ignore_errors) or will be rescued. */
      ignored?: boolean;
      /** The failure happened inside a block whose rescue runs next (counted as rescued, not failed). */
      rescued?: boolean;
      /** This is a loop's aggregate result (its items were reported before, each with `item`). */
      loop?: boolean;
      /** Loop item label, for per-item lines. */
      item?: string;
      /** Already masked for no_log. */
      result: ModuleResult;
      durationMs: number;
    }
  | { type: 'task_end'; task: TaskInfo }
  /** until/retries: an attempt failed its condition and the task will run again after `delay`. */
  | { type: 'host_task_retry'; host: string; task: TaskInfo; attempt: number; retriesLeft: number; result: ModuleResult }
  /** include_tasks/include_role: `file` was included for these hosts (an include_tasks counts as ok once per file and host, as Ansible's). */
  | { type: 'included'; task: TaskInfo; file: string; hosts: string[] }
  /** The play stops for every host (Ansible's "NO MORE HOSTS LEFT"). */
  | { type: 'no_more_hosts'; play: { id: string; name: string }; reason: 'all_failed' | 'any_errors_fatal' | 'max_fail_percentage' }
  | { type: 'play_end'; play: { id: string; name: string } }
  | { type: 'warning'; host?: string; message: string }
  | { type: 'host_unreachable'; host: string; message: string }
  | { type: 'run_end'; stats: Record<string, Counters>; interrupted: boolean; durationMs: number };

/** The engine's public option and summary types (re-exported by index.ts). */
import type { ConnOptions } from '../transport/index.js';
import type { Inventory } from '../inventory/types.js';
import type { Playbook } from '../playbook/types.js';
import type { Counters, EngineEvent } from './events.js';

export interface RunOptions {
  playbooks: Playbook[];
  inventory: Inventory;
  limit?: string;
  extraVars: Record<string, unknown>;
  check: boolean;
  diff: boolean;
  tags: string[];
  skipTags: string[];
  startAtTask?: string;
  forks: number;
  become?: boolean;
  becomeUser?: string;
  becomePassword?: string;
  conn: ConnOptions;
  signal: AbortSignal;
  emit: (e: EngineEvent) => void;
  /** -v count (ansible_verbosity). Default 0. */
  verbosity?: number;
}

export interface RunSummary {
  stats: Record<string, Counters>;
  interrupted: boolean;
  /** The run ended because any_errors_fatal or max_fail_percentage stopped a play. */
  failedBreak?: boolean;
  /**
   * The hosts whose failure stands at the end (ansible-playbook exits 2 for them): a failure that was
   * rescued, ignored or cleared by meta: clear_host_errors is counted in the recap but not here; a
   * host whose include_role could not be loaded is here without a count, as Ansible fails it.
   */
  failedHosts: string[];
}

export type AdhocOptions = Omit<RunOptions, 'playbooks' | 'tags' | 'skipTags' | 'startAtTask'> & {
  pattern: string;
  module: string;
  args: string | Record<string, unknown>;
};

/** The machines sweep (runSweep): the hosts of `pattern`, with what every command contacting hosts shares. */
export type SweepOptions = Omit<RunOptions, 'playbooks' | 'tags' | 'skipTags' | 'startAtTask' | 'extraVars' | 'check' | 'diff'> & {
  pattern: string;
};

/**
 * Exit codes as ansible-playbook 2.14 gives them. Its documentation says 3 for an unreachable host, but
 * the code it returns is 4 (TaskQueueManager.RUN_UNREACHABLE_HOSTS), also when another host failed; scripts
 * written against Ansible test 4, so machinist returns 4 too.
 */
export const EXIT = {
  ok: 0,
  error: 1,
  hostFailed: 2,
  hostUnreachable: 4,
  parseError: 4,
  badOptions: 5,
  interrupted: 99,
  unexpected: 250,
} as const;

import type { RunSummary } from '../engine/index.js';

/**
 * The exit code of a finished run, as Ansible's strategy computes it: interrupted; a play stopped by
 * any_errors_fatal or max_fail_percentage (2); then any unreachable host (4) before any host whose
 * failure stands (2: counted failed and not cleared by meta: clear_host_errors, or failed without a
 * count: an include_role that could not be loaded).
 */
export function exitCodeFor(summary: RunSummary): number {
  if (summary.interrupted) return EXIT.interrupted;
  if (summary.failedBreak) return EXIT.hostFailed;
  if (Object.values(summary.stats).some((c) => c.unreachable > 0)) return EXIT.hostUnreachable;
  if (summary.failedHosts.length) return EXIT.hostFailed;
  return EXIT.ok;
}

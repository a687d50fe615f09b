/** Exit codes as ansible-playbook documents them. */
export const EXIT = {
  ok: 0,
  error: 1,
  hostFailed: 2,
  hostUnreachable: 3,
  parseError: 4,
  badOptions: 5,
  interrupted: 99,
  unexpected: 250,
} as const;

import type { RunSummary } from '../engine/index.js';

/** The exit code of a finished run: interrupted, then failed hosts, then unreachable ones. */
export function exitCodeFor(summary: RunSummary): number {
  if (summary.interrupted) return EXIT.interrupted;
  const stats = Object.values(summary.stats);
  if (stats.some((c) => c.failed > 0)) return EXIT.hostFailed;
  if (stats.some((c) => c.unreachable > 0)) return EXIT.hostUnreachable;
  return EXIT.ok;
}

/** Fact gathering: one script, one round trip, parsed on the controller. */
import type { BecomeSpec, Connection } from '../transport/types.js';
import { FACTS_SCRIPT } from './script.js';
import { isComplete, parseFacts } from './parse.js';

export { FACTS_SCRIPT } from './script.js';
export { parseFacts } from './parse.js';

export class FactsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FactsError';
  }
}

/** Longest a fact run may take before it is killed (a hung tool must not hang the play). */
export const FACTS_TIMEOUT_MS = 30_000;

/**
 * Gather facts (Ansible's names without the ansible_ prefix) with ONE command on the host.
 * Missing tools never fail it; a shell that cannot run the script does (FactsError).
 */
export async function gatherFacts(
  conn: Connection,
  opts: { become?: BecomeSpec | null; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<Record<string, unknown>> {
  const r = await conn.exec(FACTS_SCRIPT, { become: opts.become ?? null, signal: opts.signal, timeoutMs: opts.timeoutMs ?? FACTS_TIMEOUT_MS });
  if (!isComplete(r.stdout)) {
    const why = r.timedOut ? 'timed out' : `exited with rc ${r.rc}`;
    throw new FactsError(`fact gathering on ${conn.host} ${why}: ${r.stderr.trim() || 'incomplete output'}`);
  }
  return parseFacts(r.stdout);
}

/** Facts as the setup module returns them: every key prefixed with ansible_. */
export function prefixFacts(facts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts)) out[k.startsWith('ansible_') ? k : `ansible_${k}`] = v;
  return out;
}

/**
 * The exit code of a finished run, against what ansible-playbook 2.14 returned for the same outcomes
 * (checked here with two hosts: one local, one at a closed port).
 */
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../src/cli/exit-codes.js';
import type { Counters } from '../../../src/engine/events.js';
import type { RunSummary } from '../../../src/engine/options.js';

const host = (c: Partial<Counters>): Counters => ({ ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0, ...c });

describe('exitCodeFor', () => {
  const cases: Array<{ what: string; summary: RunSummary; code: number }> = [
    { what: 'all ok', summary: { stats: { a: host({ ok: 2 }), b: host({ changed: 1 }) }, interrupted: false, failedHosts: [] }, code: 0 },
    { what: 'failures ignored or rescued', summary: { stats: { a: host({ ignored: 1, rescued: 1 }) }, interrupted: false, failedHosts: [] }, code: 0 },
    { what: 'a host failed', summary: { stats: { a: host({ failed: 1 }), b: host({ ok: 1 }) }, interrupted: false, failedHosts: ['a'] }, code: 2 },
    // meta: clear_host_errors after the failure: the recap still counts it, ansible-playbook exits 0
    { what: 'a failure cleared', summary: { stats: { a: host({ failed: 1, ok: 2 }) }, interrupted: false, failedHosts: [] }, code: 0 },
    { what: 'a host unreachable', summary: { stats: { a: host({ unreachable: 1 }), b: host({ ok: 1 }) }, interrupted: false, failedHosts: [] }, code: 4 },
    // ansible-playbook: a task failing on one host, a later one unreachable on the other: 4
    { what: 'one failed, another unreachable', summary: { stats: { a: host({ failed: 1 }), b: host({ unreachable: 1 }) }, interrupted: false, failedHosts: ['a'] }, code: 4 },
    {
      what: 'any_errors_fatal stopped the play, a host unreachable',
      summary: { stats: { a: host({ unreachable: 1 }), b: host({ failed: 1 }) }, interrupted: false, failedBreak: true, failedHosts: ['b'] },
      code: 2,
    },
    // ansible-playbook: an include_role whose role is not found fails the host without counting it
    { what: 'a host failed without a count', summary: { stats: { a: host({ ok: 1 }) }, interrupted: false, failedHosts: ['b'] }, code: 2 },
    { what: 'interrupted', summary: { stats: { a: host({ unreachable: 1 }) }, interrupted: true, failedBreak: true, failedHosts: [] }, code: 99 },
  ];
  it.each(cases)('$what: $code', ({ summary, code }) => {
    expect(exitCodeFor(summary)).toBe(code);
  });
});

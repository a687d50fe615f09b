/** HostStates: meta: clear_host_errors against failures inside blocks and failures that reached the play. */
import { describe, expect, it } from 'vitest';
import { HostStates, type HostsGone } from '../../../src/engine/host-states.js';

function states(): { hs: HostStates; gone: HostsGone } {
  const gone: HostsGone = { failed: new Set(), unreachable: new Set() };
  return { hs: new HostStates(gone, () => {}), gone };
}

describe('clear_host_errors and failures inside blocks', () => {
  it.each([
    ['a failure before the clear is forgiven', ['fail', 'clear'], true],
    ['a failure after the clear is not', ['clear', 'fail'], false],
    ['a second failure keeps the time of the first (forgiven)', ['fail', 'clear', 'fail'], true],
    ['a failure handled by a rescue is not pending any more', ['fail', 'resume', 'clear'], false],
    ['no failure: nothing to forgive', ['clear'], false],
  ])('%s', (_what, steps, forgiven) => {
    const { hs } = states();
    for (const s of steps) {
      if (s === 'fail') hs.failedInBlock('a');
      else if (s === 'resume') hs.resumed('a');
      else hs.clearErrors(['a']);
    }
    expect(hs.forgiven('a')).toBe(forgiven);
  });

  it('a host failed for the play stops being failed, does not resume, and its batch failure is dropped', () => {
    const { hs, gone } = states();
    hs.failInBatch('a');
    hs.fail('a');
    hs.failInBatch('b');
    hs.clearErrors(['a', 'b']);
    expect(gone.failed.has('a')).toBe(false);
    expect(hs.isActive('a')).toBe(false);
    expect(hs.batchFailures()).toBe(0);
  });
});

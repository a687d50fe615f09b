import { describe, expect, it } from 'vitest';
import { Stats, zeroCounters } from '../../../src/engine/stats.js';

describe('recap counting (as Ansible strategy _process_pending_results)', () => {
  it('counts a changed task as ok and changed', () => {
    const s = new Stats();
    s.record('h', { status: 'changed', changed: true });
    s.record('h', { status: 'ok' });
    expect(s.snapshot().h).toEqual({ ...zeroCounters(), ok: 2, changed: 1 });
  });

  it('counts an ignored failure as ok + ignored (and changed when it changed), never failed', () => {
    const s = new Stats();
    s.record('h', { status: 'failed', ignored: true });
    s.record('h', { status: 'failed', ignored: true, changed: true });
    expect(s.snapshot().h).toEqual({ ...zeroCounters(), ok: 2, ignored: 2, changed: 1 });
  });

  it('counts a failure inside a block with rescue as rescued only', () => {
    const s = new Stats();
    s.record('h', { status: 'failed', rescued: true });
    expect(s.snapshot().h).toEqual({ ...zeroCounters(), rescued: 1 });
  });

  it('counts plain failures, skips and unreachables', () => {
    const s = new Stats();
    s.record('h', { status: 'failed' });
    s.record('h', { status: 'skipped' });
    s.record('u', { status: 'unreachable' });
    expect(s.snapshot()).toEqual({ h: { ...zeroCounters(), failed: 1, skipped: 1 }, u: { ...zeroCounters(), unreachable: 1 } });
  });

  it('counts ignore_unreachable as ok + ignored', () => {
    const s = new Stats();
    s.record('u', { status: 'unreachable', ignored: true });
    expect(s.snapshot().u).toEqual({ ...zeroCounters(), ok: 1, ignored: 1 });
  });

  it('keeps hosts in first-seen order and returns copies', () => {
    const s = new Stats();
    s.record('b', { status: 'ok' });
    s.record('a', { status: 'ok' });
    const snap = s.snapshot();
    expect(Object.keys(snap)).toEqual(['b', 'a']);
    snap.a.ok = 99;
    expect(s.snapshot().a.ok).toBe(1);
  });
});

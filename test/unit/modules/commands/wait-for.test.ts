import { describe, expect, it } from 'vitest';
import { successResult, timeoutMessage, waitForSchema, waitSpec } from '../../../../src/modules/commands/wait-for.js';

const parse = (a: Record<string, unknown>) => waitForSchema.parse(a);
const error = (a: Record<string, unknown>) => waitForSchema.safeParse(a).error?.issues.map((i) => i.message).join('; ');

describe('wait_for arguments', () => {
  it('has Ansible defaults', () => {
    expect(parse({ port: '8080' })).toMatchObject({ host: '127.0.0.1', port: 8080, state: 'started', delay: 0, timeout: 300, sleep: 1, connect_timeout: 5 });
  });
  it('refuses contradictory combinations with Ansible messages', () => {
    expect(error({ port: 1, path: '/x' })).toContain('port and path parameter can not both be passed to wait_for');
    expect(error({ path: '/x', state: 'stopped' })).toContain('state=stopped should only be used for checking a port');
    expect(error({ port: 1, state: 'absent' })).toContain('state=absent should only be used for checking a file');
    expect(error({ port: 1, exclude_hosts: ['10.0.0.1'] })).toContain('exclude_hosts should only be with state=drained');
    expect(error({ port: 1, state: 'drained', exclude_hosts: ['db'] })).toContain('IP addresses');
  });
  it('refuses host names that could be shell syntax and bad ports', () => {
    expect(waitForSchema.safeParse({ port: 1, host: 'a;b' }).success).toBe(false);
    expect(waitForSchema.safeParse({ port: 1, host: '-oProxy' }).success).toBe(false);
    expect(waitForSchema.safeParse({ port: 70000 }).success).toBe(false);
    expect(waitForSchema.safeParse({ port: 1, state: 'up' }).success).toBe(false);
  });
  it('maps to the script spec', () => {
    expect(waitSpec(parse({ port: 80, state: 'drained', exclude_hosts: '10.0.0.1' }))).toMatchObject({ excludeHosts: ['10.0.0.1'], activeStates: expect.arrayContaining(['ESTABLISHED', 'TIME_WAIT']) });
  });
});

describe('wait_for results', () => {
  it('timeout messages as Ansible words them', () => {
    expect(timeoutMessage(parse({ port: 80 }))).toBe('Timeout when waiting for 127.0.0.1:80');
    expect(timeoutMessage(parse({ port: 80, state: 'stopped' }))).toBe('Timeout when waiting for 127.0.0.1:80 to stop.');
    expect(timeoutMessage(parse({ path: '/x' }))).toBe('Timeout when waiting for file /x');
    expect(timeoutMessage(parse({ path: '/x', search_regex: 'ok' }))).toBe('Timeout when waiting for search string ok in /x');
    expect(timeoutMessage(parse({ path: '/x', state: 'absent' }))).toBe('Timeout when waiting for /x to be absent.');
    expect(timeoutMessage(parse({ path: '/x', msg: 'custom' }))).toBe('custom');
  });
  it('success results carry elapsed seconds and match groups', () => {
    expect(successResult(parse({ port: 80 }), 2.7)).toEqual({ changed: false, elapsed: 2, state: 'started', port: 80, path: null, match_groups: [], match_groupdict: {} });
    expect(successResult(parse({ path: '/x', search_regex: 'v(?P<n>\\d)' }), 0.1, 'v7')).toEqual({
      changed: false, elapsed: 0, state: 'started', path: '/x', search_regex: 'v(?P<n>\\d)', match_groups: ['7'], match_groupdict: { n: '7' },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { commandText } from '../../../src/lab/exec.js';
import { formatStatus, formatUptime, type LabStatus } from '../../../src/lab/status.js';

describe('formatUptime', () => {
  it('shows seconds, minutes, hours and days compactly', () => {
    expect(formatUptime(undefined)).toBe('-');
    expect(formatUptime(9)).toBe('9s');
    expect(formatUptime(125)).toBe('2m05s');
    expect(formatUptime(3 * 3600 + 7 * 60)).toBe('3h07m');
    expect(formatUptime(2 * 86400 + 5 * 3600)).toBe('2d05h');
  });
});

describe('formatStatus', () => {
  const base: LabStatus = {
    name: 'e2e', dir: '/srv/labs/e2e', exists: true, subnet: '10.213.7.0/24', gateway: '10.213.7.1', bridge: 'mlab-e2e',
    bridgeUp: true, suite: 'bookworm', proxy: 'running', dhcp: 'running', inventoryPath: '/srv/labs/e2e/inventory.yml', hosts: [],
  };

  it('prints a header and an aligned table of hosts', () => {
    const text = formatStatus({
      ...base,
      hosts: [
        { name: 'h1', address: '10.213.7.11', state: 'running', uptimeSec: 75, pid: 10 },
        { name: 'h10', address: '10.213.7.20', state: 'stopped' },
      ],
    });
    expect(text.split('\n')).toEqual([
      'lab e2e: 10.213.7.0/24 on mlab-e2e, gateway 10.213.7.1, apt proxy running, dhcp running, suite bookworm',
      'inventory: /srv/labs/e2e/inventory.yml',
      'NAME  ADDRESS      STATE    UPTIME',
      'h1    10.213.7.11  running  1m15s',
      'h10   10.213.7.20  stopped  -',
      '',
    ]);
  });

  it('says when the lab is not running, and mentions a leftover bridge', () => {
    expect(formatStatus({ ...base, exists: false, bridgeUp: false })).toBe('lab e2e: not running\n');
    expect(formatStatus({ ...base, exists: false })).toMatch(/bridge mlab-e2e exists/);
  });
});

describe('commandText', () => {
  it('quotes an argv word by word for dash and passes shell text as is', () => {
    expect(commandText(['echo', "it's", '$HOME', 'a b'])).toBe("echo 'it'\\''s' '$HOME' 'a b'");
    expect(commandText('echo $HOME')).toBe('echo $HOME');
    expect(() => commandText([])).toThrow(/no command/);
    expect(() => commandText('  ')).toThrow(/no command/);
    expect(() => commandText(['a\0b'])).toThrow(/NUL/);
  });
});

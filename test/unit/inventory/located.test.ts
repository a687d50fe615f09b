import { describe, expect, it } from 'vitest';
import { LineSource, masked, maskSecrets } from '../../../src/inventory/located.js';
import { formatLocated } from '../../../src/util/errors.js';

describe('LineSource', () => {
  it('locates an error with the line as the excerpt', () => {
    const src = new LineSource('hosts.ini', '\uFEFF[web]\r\nw1 x\r\n');
    expect(formatLocated(src.error(2, 4, 'bad', 'fix it'))).toBe('hosts.ini:2:4: bad\n  2 | w1 x\n    |    ^\n  fix it');
    expect(src.error(1, 0, 'm').loc).toEqual({ file: 'hosts.ini', line: 1, col: 1 });
  });
});

describe('maskSecrets', () => {
  it.each([
    ['h1 ansible_become_password=hunter2 x=1', 'h1 ansible_become_password=******** x=1'],
    ['h1 ansible_ssh_pass="two words" x=1', 'h1 ansible_ssh_pass=******** x=1'],
    ["db_secret = 's3cr3t'", 'db_secret = ********'],
    ['vault_pass=two words here', 'vault_pass=********'],
    ['    ansible_password: hunter2', '    ansible_password: ********'],
    ['  "api_token": "abc",', '  "api_token": ********'],
    ['ansible_host=10.0.0.1 port=22', 'ansible_host=10.0.0.1 port=22'],
    ['  ansible_user: root', '  ansible_user: root'],
  ])('%j → %j', (line, out) => {
    expect(maskSecrets(line)).toBe(out);
  });
});

describe('inventory errors never show secrets', () => {
  it('masks the excerpt and does not repeat the stray word', async () => {
    const { parseIniInventory } = await import('../../../src/inventory/ini-source.js');
    const { InventoryBuilder } = await import('../../../src/inventory/builder.js');
    const errors = masked(parseIniInventory('[web]\nw1 ansible_become_password=hunter2 two\n', 'hosts.ini', new InventoryBuilder()));
    const text = errors.map(formatLocated).join('\n');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain("'two'");
    expect(text).toContain('w1 ansible_become_password=******** two');
  });
});

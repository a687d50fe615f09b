import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { interfacesFileModule } from '../../../../src/modules/nspawn/interfaces/interfaces-file.js';
import { diffs, runModule } from '../files/run.js';

const FILE = '# lab\nauto lo\niface lo inet loopback\n\nauto eth1\niface eth1 inet static\n    address 10.0.0.2/24\n';
let dir: string;
let dest: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-ifaces-'));
  dest = path.join(dir, 'interfaces');
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('interfaces_file on a real file', () => {
  it('check mode reports the change and the diff, the file stays as it was', async () => {
    await fs.writeFile(dest, FILE, { mode: 0o644 });
    const r = await runModule(interfacesFileModule, { dest, iface: 'eth1', option: 'mtu', value: 9000 }, { check: true });
    expect(r.changed).toBe(true);
    expect(diffs(r.diff)[0].after).toContain('    mtu 9000\n');
    expect((r.result.ifaces as Record<string, Record<string, unknown>>).eth1.mtu).toBe('9000');
    expect(await fs.readFile(dest, 'utf8')).toBe(FILE);
  });
  it('writes the option with a backup and mode, then a re-run changes nothing', async () => {
    const r = await runModule(interfacesFileModule, { dest, iface: 'eth1', option: 'mtu', value: 9000, backup: true, mode: '0640' });
    expect(r.changed).toBe(true);
    expect(r.result.dest).toBe(dest);
    expect(await fs.readFile(dest, 'utf8')).toBe(FILE + '    mtu 9000\n');
    expect((await fs.stat(dest)).mode & 0o777).toBe(0o640);
    expect(await fs.readFile(String(r.result.backup_file), 'utf8')).toBe(FILE);
    const again = await runModule(interfacesFileModule, { dest, iface: 'eth1', option: 'mtu', value: '9000', mode: '0640' });
    expect(again.changed).toBe(false);
  });
  it('without option it only reads the interfaces; a missing interface or file fails clearly', async () => {
    const r = await runModule(interfacesFileModule, { dest });
    expect(r.changed).toBe(false);
    expect(Object.keys(r.result.ifaces as object)).toEqual(['lo', 'eth1']);
    await expect(runModule(interfacesFileModule, { dest, iface: 'eth7', option: 'mtu', value: 1 })).rejects.toThrow('Error: interface eth7 not found');
    await expect(runModule(interfacesFileModule, { dest: path.join(dir, 'nope') })).rejects.toThrow('does not exist');
  });
});

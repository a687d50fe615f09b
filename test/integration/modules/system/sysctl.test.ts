/** sysctl through the real LocalConnection: a temp sysctl_file, a temp proc root for live values, and a real read-only /proc/sys entry. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { sysctlModule, sysctlSchema, planSysctl } from '../../../../src/modules/system/sysctl.js';
import { ModuleFailure } from '../../../../src/util/errors.js';
import { moduleContext } from '../../../helpers/module-context.js';
import { conn, diffs, runModule } from '../files/run.js';

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-sysctl-'));
  file = path.join(dir, 'sysctl.conf');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = () => ({ sysctl_file: file, sysctl_set: false, reload: false });

describe('sysctl file handling (sysctl_set: false, reload: false)', () => {
  it('creates the file with the key, then is idempotent', async () => {
    const a = await runModule(sysctlModule, { name: 'net.ipv4.ip_forward', value: 1, ...base() });
    expect(a.changed).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('net.ipv4.ip_forward=1\n');
    expect((statSync(file).mode & 0o777).toString(8)).toBe('644');
    expect(diffs(a.diff)[0]).toMatchObject({ before: '', after: 'net.ipv4.ip_forward=1\n' });
    const b = await runModule(sysctlModule, { name: 'net.ipv4.ip_forward', value: 'yes', ...base() });
    expect(b.changed).toBe(false);
  });
  it('keeps comments and other keys; replaces the key line in place', async () => {
    writeFileSync(file, '# kernel tuning\nvm.swappiness = 10\nnet.ipv4.ip_forward = 0\n; end\n');
    const r = await runModule(sysctlModule, { name: 'net.ipv4.ip_forward', value: '1', ...base() });
    expect(r.changed).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('# kernel tuning\nvm.swappiness = 10\nnet.ipv4.ip_forward=1\n; end\n');
    expect((await runModule(sysctlModule, { name: 'vm.swappiness', value: ' 10 ', ...base() })).changed).toBe(false);
  });
  it('check mode predicts without writing', async () => {
    const before = readFileSync(file, 'utf8');
    const r = await runModule(sysctlModule, { name: 'kernel.panic', value: 10, ...base() }, { check: true });
    expect(r.changed).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
  it('state=absent removes the key', async () => {
    expect((await runModule(sysctlModule, { name: 'vm.swappiness', state: 'absent', ...base() })).changed).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('# kernel tuning\nnet.ipv4.ip_forward=1\n; end\n');
    expect((await runModule(sysctlModule, { name: 'vm.swappiness', state: 'absent', ...base() })).changed).toBe(false);
  });
  it('warns that a file the host does not read at boot will not persist', async () => {
    const r = await runModule(sysctlModule, { name: 'net.ipv4.ip_forward', value: 1, ...base() });
    expect(r.warnings.join('\n')).toMatch(/is not read at boot on this host.*will not survive a reboot; use sysctl_file: \/etc\/sysctl.d\/60-net.ipv4.ip_forward.conf/);
  });
});

describe('live values', () => {
  it('sysctl_set writes the live value (temp proc root) and is then idempotent', async () => {
    const root = path.join(dir, 'proc');
    mkdirSync(path.join(root, 'vm'), { recursive: true });
    writeFileSync(path.join(root, 'vm', 'swappiness'), '60\n');
    const args = sysctlSchema.parse({ name: 'vm.swappiness', value: 10, sysctl_file: file, sysctl_set: true, reload: false });
    const p = await planSysctl(args, moduleContext(conn), { procRoot: root });
    expect(p.changed).toBe(true);
    expect(diffs(p.diff).some((d) => d.before === 'vm.swappiness = 60\n' && d.after === 'vm.swappiness = 10\n')).toBe(true);
    await p.apply!();
    expect(readFileSync(path.join(root, 'vm', 'swappiness'), 'utf8')).toBe('10\n');
    expect((await planSysctl(args, moduleContext(conn), { procRoot: root })).changed).toBe(false);
  });
  it('an unknown key fails when it must be set live, unless ignoreerrors', async () => {
    const args = sysctlSchema.parse({ name: 'vm.machinist_nosuch', value: 1, sysctl_file: file, sysctl_set: true, reload: false });
    await expect(planSysctl(args, moduleContext(conn), { procRoot: path.join(dir, 'proc') })).rejects.toThrow(/is not a kernel parameter on this host/);
    const ok = await planSysctl({ ...args, ignoreerrors: true }, moduleContext(conn), { procRoot: path.join(dir, 'proc') });
    expect(ok.changed).toBe(true);
  });
  it('a read-only /proc/sys entry fails clearly and changes nothing', async () => {
    const before = readFileSync(file, 'utf8');
    const e = await runModule(sysctlModule, { name: 'kernel.osrelease', value: '0.0.0-machinist', sysctl_file: file, sysctl_set: true }).catch((x) => x);
    expect(e).toBeInstanceOf(ModuleFailure);
    expect(e.message).toMatch(/^\/proc\/sys is read-only on this host \(a container\?\): cannot set kernel.osrelease live/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

import { describe, expect, it } from 'vitest';
import { machineDir, machineName, machineUnit, nspawnFile } from '../../../../../src/modules/nspawn/common/names.js';

describe('machine names', () => {
  it('the schema refuses what systemd refuses, saying why', () => {
    const bad = machineName.safeParse('x;reboot');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toMatch(/only ASCII letters, digits/);
    expect(machineName.safeParse('web1').success).toBe(true);
  });
  it('paths and unit', () => {
    expect(machineDir('web1')).toBe('/var/lib/machines/web1');
    expect(nspawnFile('web1')).toBe('/etc/systemd/nspawn/web1.nspawn');
    expect(machineUnit('web1')).toBe('systemd-nspawn@web1.service');
  });
});

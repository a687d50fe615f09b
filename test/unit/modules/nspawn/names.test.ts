import { describe, expect, it } from 'vitest';
import { checkMachineName, machineDir, machineName, machineUnit, nspawnFile } from '../../../../src/modules/nspawn/names.js';

describe('machine names', () => {
  it("accepts what systemd's machine_name_is_valid accepts", () => {
    for (const ok of ['helloworld', 'web-1', 'a', 'guest.example', '1st', 'A'.repeat(64)]) expect(checkMachineName(ok), ok).toBeUndefined();
  });
  it('refuses the rest, saying why', () => {
    for (const bad of ['', '.host', 'a'.repeat(65), '-web', 'web-', 'a..b', '.a', 'a.', 'a-.b', 'we_b', 'a b', 'x;reboot', '../etc', 'ü']) {
      expect(checkMachineName(bad), bad).toBeDefined();
    }
    expect(checkMachineName('we_b')).toMatch(/only ASCII letters, digits/);
    expect(machineName.safeParse('x;reboot').success).toBe(false);
    expect(machineName.safeParse('web1').success).toBe(true);
  });
  it('paths and unit', () => {
    expect(machineDir('web1')).toBe('/var/lib/machines/web1');
    expect(nspawnFile('web1')).toBe('/etc/systemd/nspawn/web1.nspawn');
    expect(machineUnit('web1')).toBe('systemd-nspawn@web1.service');
  });
});

import { describe, expect, it } from 'vitest';
import { checkMachineName } from '../../../../src/transport/nspawn/names.js';

describe('machine names', () => {
  it("accepts what systemd's machine_name_is_valid accepts", () => {
    for (const ok of ['helloworld', 'web-1', 'a', 'guest.example', '1st', 'A'.repeat(64)]) expect(checkMachineName(ok), ok).toBeUndefined();
  });
  it('refuses the rest, saying why', () => {
    for (const bad of ['', '.host', 'a'.repeat(65), '-web', 'web-', 'a..b', '.a', 'a.', 'a-.b', 'we_b', 'a b', 'x;reboot', '../etc', 'ü']) {
      expect(checkMachineName(bad), bad).toBeDefined();
    }
    expect(checkMachineName('we_b')).toMatch(/only ASCII letters, digits/);
  });
});

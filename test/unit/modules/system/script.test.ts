import { describe, expect, it } from 'vitest';
import { scriptRunScript, scriptSchema } from '../../../../src/modules/system/script.js';

describe('script', () => {
  it('free form: options lifted out of the command line', () => {
    expect(scriptSchema.parse({ cmd: 'setup.sh a b creates=/x chdir=/tmp' })).toMatchObject({ cmd: 'setup.sh a b', creates: '/x', chdir: '/tmp' });
    expect(scriptSchema.safeParse({ cmd: '  ' }).success).toBe(false);
  });
  it('the run removes the uploaded file on every exit and quotes each argument', () => {
    const s = scriptRunScript('N', '/tmp/.machinist-script-ab', ['a b', '$(id)'], { chdir: '/srv', executable: '/bin/bash' });
    expect(s.startsWith('_t=/tmp/.machinist-script-ab\ntrap \'rm -f -- "$_t"\' EXIT\ntrap \'exit 143\' TERM\n')).toBe(true);
    expect(s).toContain("cd /srv || {");
    expect(s.indexOf('cd /srv')).toBeLessThan(s.indexOf("'N run'"));
    expect(s.trimEnd().split('\n').pop()).toBe(`/bin/bash "$_t" 'a b' '$(id)'`);
  });
});

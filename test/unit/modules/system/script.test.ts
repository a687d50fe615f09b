import { describe, expect, it } from 'vitest';
import { scriptRunScript, scriptSchema } from '../../../../src/modules/system/script.js';

describe('script', () => {
  it('free form: options lifted out of the command line', () => {
    expect(scriptSchema.parse({ cmd: 'setup.sh a b creates=/x chdir=/tmp' })).toMatchObject({ cmd: 'setup.sh a b', creates: '/x', chdir: '/tmp' });
    expect(scriptSchema.safeParse({ cmd: '  ' }).success).toBe(false);
  });
  it('the run removes the uploaded file on every exit and quotes each argument', () => {
    const s = scriptRunScript('N', '/tmp/.machinist-script-ab', ['a b', '$(id)'], { chdir: '/srv', executable: '/bin/bash' });
    expect(s.split('\n')).toEqual([
      '_t=/tmp/.machinist-script-ab',
      'trap \'rm -f -- "$_t"\' EXIT',
      "trap 'exit 143' TERM",
      "trap 'exit 130' INT",
      "trap 'exit 129' HUP",
      "cd /srv || { printf '%s\\n' 'N chdir'; exit 1; }",
      "printf '%s\\n' 'N run'",
      `/bin/bash "$_t" 'a b' '$(id)'`,
      '',
    ]);
  });
});

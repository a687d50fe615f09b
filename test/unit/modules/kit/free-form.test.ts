import { describe, expect, it } from 'vitest';
import { extractFreeFormOptions } from '../../../../src/modules/kit/free-form.js';
import { commandSchema } from '../../../../src/modules/commands/command.js';
import { shellSchema } from '../../../../src/modules/commands/shell.js';

describe('free-form options (Ansible parse_kv with check_raw)', () => {
  it('takes the modules option words out and keeps the rest byte for byte', () => {
    expect(extractFreeFormOptions('touch /x creates=/x')).toEqual({ cmd: 'touch /x', options: { creates: '/x' } });
    expect(extractFreeFormOptions('chdir=/tmp echo "a  b"  removes="/y z"')).toEqual({ cmd: 'echo "a  b"', options: { chdir: '/tmp', removes: '/y z' } });
  });
  it('leaves quoted or unknown k=v words alone', () => {
    expect(extractFreeFormOptions(`echo "creates=x" 'chdir=y' FOO=bar`)).toEqual({ cmd: `echo "creates=x" 'chdir=y' FOO=bar`, options: {} });
  });
  it('the schemas apply it; explicit keys win', () => {
    expect(commandSchema.parse({ cmd: 'make install creates=/usr/bin/app stdin_add_newline=no' })).toMatchObject({
      cmd: 'make install', creates: '/usr/bin/app', stdin_add_newline: false,
    });
    expect(shellSchema.parse({ cmd: 'echo hi > out executable=/bin/bash', executable: '/bin/dash' })).toMatchObject({ cmd: 'echo hi > out', executable: '/bin/dash' });
    expect(commandSchema.parse({ cmd: 'ls executable=/bin/bash' })).toMatchObject({ cmd: 'ls', executable: '/bin/bash' });
  });
});

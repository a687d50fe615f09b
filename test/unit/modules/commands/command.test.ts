import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { argvShell, commandArgv, commandModule, commandSchema, executableWarning } from '../../../../src/modules/commands/command.js';
import { LocalConnection } from '../../../../src/transport/local.js';
import { moduleContext } from '../../../helpers/module-context.js';
import { shellCommand, shellModule, shellSchema } from '../../../../src/modules/commands/shell.js';
import { rawCommand } from '../../../../src/modules/commands/raw.js';
import { ModuleFailure } from '../../../../src/util/errors.js';

function sh(script: string): string {
  const r = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8', timeout: 5000 });
  return r.stdout;
}

const NASTY = ["it's", '"dq"', '$HOME', '`id`', '$(id)', 'a\nb', '  spaced  ', '-n', '--', '-e', '\\', '*', ';', '|', '&&', '>x', '', 'é ü', "'", '!'];

describe('command argv quoting', () => {
  it('every nasty word reaches the program literally, one argument each', () => {
    const out = sh(argvShell(['printf', '[%s]\\n', ...NASTY]));
    expect(out).toBe(NASTY.map((w) => `[${w}]\n`).join(''));
  });
  it('the free form is split with shlex rules, then quoted: no shell interpretation', () => {
    const argv = commandArgv({ cmd: `printf '%s|' $HOME '>' x "a b" \`id\`` });
    expect(argv).toEqual(['printf', '%s|', '$HOME', '>', 'x', 'a b', '`id`']);
    expect(sh(argvShell(argv))).toBe('$HOME|>|x|a b|`id`|');
  });
  it('a leading VAR=value word is a program name, not an assignment', () => {
    // dash's exec takes the first word as the program: the assignment form is not interpreted.
    const r = spawnSync('/bin/sh', ['-c', `exec ${argvShell(['FOO=bar', 'true'])}`], { encoding: 'utf8', timeout: 5000 });
    expect(r.status).toBe(127);
  });
  it('unbalanced quotes fail the task with a clear message', () => {
    expect(() => commandArgv({ cmd: "echo 'oops" })).toThrow(ModuleFailure);
    expect(() => commandArgv({ cmd: "echo 'oops" })).toThrow(/No closing quotation/);
  });
  it('argv is used as given', () => {
    expect(commandArgv({ argv: ['ls', '-l', 'a b'] })).toEqual(['ls', '-l', 'a b']);
  });
});

describe('command/shell arguments', () => {
  it('applies Ansible defaults and coerces yes/no', () => {
    expect(commandSchema.parse({ cmd: 'ls', strip_empty_ends: 'no' })).toEqual({ cmd: 'ls', stdin_add_newline: true, strip_empty_ends: false });
  });
  it('refuses unknown keys', () => {
    expect(commandSchema.safeParse({ cmd: 'ls', creates2: 'x' }).success).toBe(false);
  });
  it('shell runs the string with /bin/sh or the executable, as one quoted argument', () => {
    expect(shellCommand("echo 'a' $X")).toBe("/bin/sh -c 'echo '\\''a'\\'' $X'");
    expect(sh(shellCommand('X=1; echo "$X" `echo z`'))).toBe('1 z\n');
    expect(sh(shellCommand('echo ${BASH_VERSION:+bash}', '/bin/bash'))).toBe('bash\n');
  });
  it('raw is the string itself unless an executable is given', () => {
    expect(rawCommand('echo hi | tr a-z A-Z')).toBe('echo hi | tr a-z A-Z');
    expect(sh(rawCommand('echo ${BASH_VERSION:+bash}', '/bin/bash'))).toBe('bash\n');
  });
});

describe('no command, or both a command and argv: the module fails when it runs, as Ansible (rc 256)', () => {
  const promised = { changed: false, stdout: '', stdout_lines: [], stderr: '', stderr_lines: [], rc: 256, cmd: null, start: null, end: null, delta: null, failed: true };
  it.each([
    ['command without a command', commandModule, commandSchema, { chdir: '/' }, 'no command given'],
    ['command with an empty argv', commandModule, commandSchema, { argv: [] }, 'no command given'],
    ['command with blanks only', commandModule, commandSchema, { cmd: '  ' }, 'no command given'],
    ['command with both', commandModule, commandSchema, { cmd: 'echo testing', argv: ['echo', 'testing'] }, 'only command or argv can be given, not both'],
    ['shell without a command', shellModule, shellSchema, {}, 'no command given'],
  ] as const)('%s', async (_what, mod, schema, args, msg) => {
    for (const check of [false, true]) {
      const ctx = moduleContext(new LocalConnection('h1'), { check });
      const parsed = schema.parse(args);
      const failure = await Promise.resolve().then(() => (check ? mod.check!(parsed as never, ctx) : mod.run!(parsed as never, ctx))).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ModuleFailure);
      expect((failure as ModuleFailure).message).toBe(msg);
      expect((failure as ModuleFailure).result).toEqual({ ...promised, msg });
    }
  });
});

describe("command's executable (ignored with Ansible's warning since 2.4)", () => {
  it.each([false, true])('runs the command without it and warns (check mode %s)', async (check) => {
    const ctx = moduleContext(new LocalConnection('h1'), { check });
    const args = commandSchema.parse({ cmd: 'echo /dev/null', executable: '/bogus' });
    const out = check ? await commandModule.check!(args, ctx) : await commandModule.run!(args, ctx);
    if (!check) expect((out as { result: { stdout: string } }).result.stdout).toBe('/dev/null');
    expect(ctx.warnings).toEqual([executableWarning('/bogus')]);
    expect(ctx.warnings[0]).toContain('no longer supported');
  });
});

describe('values no shell can carry', () => {
  it('a NUL byte is refused at validation, before anything runs', () => {
    expect(commandSchema.safeParse({ argv: ['echo', 'a\0b'] }).error?.issues[0].message).toBe('a value cannot contain a NUL byte');
    expect(shellSchema.safeParse({ cmd: 'echo hi', creates: '/x\0' }).success).toBe(false);
  });
});

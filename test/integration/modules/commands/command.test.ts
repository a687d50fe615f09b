/** command / shell / raw / ping through the real LocalConnection and /bin/sh. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalConnection } from '../../../../src/transport/local.js';
import { moduleContext } from '../../../helpers/module-context.js';
import { commandModule, commandSchema } from '../../../../src/modules/commands/command.js';
import { shellModule, shellSchema } from '../../../../src/modules/commands/shell.js';
import { rawModule, rawSchema } from '../../../../src/modules/commands/raw.js';
import { pingModule, pingSchema } from '../../../../src/modules/commands/ping.js';
import { ModuleFailure } from '../../../../src/util/errors.js';
import { cannotTell, type ActionModuleDef, type ModuleResult } from '../../../../src/modules/types.js';

const conn = new LocalConnection();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-cmd-'));
  mkdirSync(path.join(dir, 'work dir'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run, or in check mode check, as the engine does with an action module. */
async function run<A>(mod: ActionModuleDef, args: A, check = false): Promise<{ changed: boolean; skipInCheckMode?: boolean; result: ModuleResult }> {
  const ctx = moduleContext(conn, { check });
  const o = check ? await mod.check!(args, ctx) : await mod.run(args, ctx);
  if (cannotTell(o)) return { changed: false, skipInCheckMode: true, result: { msg: o.msg } };
  return { changed: o.changed, result: { ...(o.result ?? {}) } };
}

const command = (args: Record<string, unknown>, check = false) => run(commandModule, commandSchema.parse(args), check);
const shell = (args: Record<string, unknown>, check = false) => run(shellModule, shellSchema.parse(args), check);

const NASTY = ["it's", '"dq"', '$HOME', '`id`', '$(touch pwned)', 'a\nb', '  two  spaces ', '-n', '--', '\\', '*', ';', '|', '>out', '', 'é', '!'];

describe('command', () => {
  it('echoes nasty argv values back exactly, without a shell', async () => {
    const r = await command({ argv: ['printf', '[%s]\\n', ...NASTY], chdir: dir });
    expect(r.result.stdout).toBe(NASTY.map((w) => `[${w}]`).join('\n'));
    expect(r.result.cmd).toEqual(['printf', '[%s]\\n', ...NASTY]);
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
  });
  it('free form: shell syntax is printed literally', async () => {
    const r = await command({ cmd: 'echo $HOME > x; `id`', chdir: dir });
    expect(r).toMatchObject({ changed: true, result: { rc: 0, stdout: '$HOME > x; `id`', stdout_lines: ['$HOME > x; `id`'], cmd: ['echo', '$HOME', '>', 'x;', '`id`'] } });
    expect(existsSync(path.join(dir, 'x'))).toBe(false);
    expect(r.result.start).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/);
    expect(r.result.delta).toMatch(/^0:00:0\d(\.\d{6})?$/);
  });
  it('creates: runs once, then ok without running', async () => {
    const marker = path.join(dir, 'created.flag');
    const first = await command({ argv: ['touch', marker], creates: marker });
    expect(first.changed).toBe(true);
    expect(existsSync(marker)).toBe(true);
    const second = await command({ argv: ['sh', '-c', `echo again >> ${marker}`], creates: marker });
    expect(second.changed).toBe(false);
    expect(second.result).toMatchObject({ changed: false, msg: `Did not run command since '${marker}' exists`, rc: 0 });
  });
  it('creates with a glob relative to chdir', async () => {
    writeFileSync(path.join(dir, 'work dir', 'data-1.csv'), '');
    const r = await command({ cmd: 'false', chdir: path.join(dir, 'work dir'), creates: 'data-*.csv' });
    expect(r.changed).toBe(false);
  });
  it('removes: runs only while the path exists', async () => {
    const f = path.join(dir, 'to remove');
    writeFileSync(f, '');
    expect((await command({ argv: ['rm', f], removes: f })).changed).toBe(true);
    const again = await command({ argv: ['rm', f], removes: f });
    expect(again.result.msg).toBe(`Did not run command since '${f}' does not exist`);
  });
  it('chdir runs in that directory; a missing one fails clearly', async () => {
    expect((await command({ cmd: 'pwd', chdir: path.join(dir, 'work dir') })).result.stdout).toBe(path.join(dir, 'work dir'));
    await expect(command({ cmd: 'pwd', chdir: path.join(dir, 'nope') })).rejects.toThrow(/Unable to change directory/);
  });
  it('stdin, with and without the added newline', async () => {
    expect((await command({ cmd: 'od -An -c', stdin: "it's $x" })).result.stdout).toMatch(/i\s+t\s+'\s+s\s+\$\s+x\s+\\n/);
    expect((await command({ cmd: 'wc -c', stdin: 'abc', stdin_add_newline: false })).result.stdout?.trim()).toBe('3');
  });
  it('non-zero rc fails with the result attached', async () => {
    const e = await command({ argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'] }).catch((x) => x);
    expect(e).toBeInstanceOf(ModuleFailure);
    expect(e.result).toMatchObject({ failed: true, msg: 'non-zero return code', rc: 3, stdout: 'out', stderr: 'err', changed: true });
  });
  it('a program that does not exist fails with rc 127', async () => {
    const e = await command({ cmd: 'machinist-no-such-program' }).catch((x) => x);
    expect(e.result).toMatchObject({ failed: true, rc: 127 });
  });
  it('check mode: skipped without creates/removes, predicted with them, nothing runs', async () => {
    const f = path.join(dir, 'check.flag');
    const a = await command({ argv: ['touch', f] }, true);
    expect(a.skipInCheckMode).toBe(true);
    const b = await command({ argv: ['touch', f], creates: f }, true);
    expect(b).toMatchObject({ changed: true, result: { msg: 'Command would have run if not in check mode' } });
    expect(existsSync(f)).toBe(false);
  });
});

describe('shell', () => {
  it('runs through /bin/sh: pipes, variables, redirections', async () => {
    const r = await shell({ cmd: 'X="a b"; echo "$X" | tr a-z A-Z > out.txt; cat out.txt', chdir: dir });
    expect(r.result).toMatchObject({ stdout: 'A B', cmd: 'X="a b"; echo "$X" | tr a-z A-Z > out.txt; cat out.txt', rc: 0 });
  });
  it('executable runs the string with that shell', async () => {
    expect((await shell({ cmd: 'echo ${BASH_VERSION:+bash}', executable: '/bin/bash' })).result.stdout).toBe('bash');
  });
  it('creates and stdin work as for command', async () => {
    const f = path.join(dir, 'shell.flag');
    expect((await shell({ cmd: `cat > '${f}'`, stdin: 'payload', creates: f })).changed).toBe(true);
    expect((await shell({ cmd: 'exit 1', creates: f })).changed).toBe(false);
  });
});

describe('raw and ping', () => {
  it('raw runs the string as is and is always changed', async () => {
    const p = await rawModule.run(rawSchema.parse({ cmd: 'echo raw | tr a-z A-Z' }), moduleContext(conn));
    expect(p).toMatchObject({ changed: true, result: { rc: 0, stdout: 'RAW\n', stdout_lines: ['RAW'] } });
    await expect(rawModule.run(rawSchema.parse({ cmd: 'exit 4' }), moduleContext(conn))).rejects.toThrow('non-zero return code');
  });
  it('ping answers pong (or data), and crash fails', async () => {
    expect((await pingModule.plan(pingSchema.parse({}), moduleContext(conn))).result).toEqual({ changed: false, ping: 'pong' });
    expect((await pingModule.plan(pingSchema.parse({ data: 'hi' }), moduleContext(conn))).result).toEqual({ changed: false, ping: 'hi' });
    await expect(pingModule.plan(pingSchema.parse({ data: 'crash' }), moduleContext(conn))).rejects.toThrow('boom');
  });
});

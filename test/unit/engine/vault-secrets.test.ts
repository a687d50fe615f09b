/**
 * Vault-revealed values in the engine: masked in every event (results, diffs, items, warnings) but
 * in what a debug task prints on purpose; a module command holding one travels on stdin, the remote
 * shell's argv only reading it (checked by running what the host would run under dash).
 */
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent, TaskInfo } from '../../../src/engine/events.js';
import { maskVaultValues, SECRET_MASK } from '../../../src/engine/no-log.js';
import { secretsOffArgv, STDIN_SCRIPT_READER } from '../../../src/engine/stdin-script.js';
import { forgetRevealed, reveal } from '../../../src/vault/index.js';

const task = (module: string): TaskInfo => ({ id: 'task-1', name: `a ${module} task`, module, isHandler: false });
const result = (module: string, r: Record<string, unknown>): EngineEvent => ({ type: 'host_task_result', host: 'h1', task: task(module), status: 'changed', result: r, durationMs: 1 });

beforeEach(() => {
  forgetRevealed();
  reveal('vault-s3cret');
});
afterEach(() => forgetRevealed());

describe('vault values in events', () => {
  it.each([
    { what: 'a command result', e: result('command', { cmd: ['echo', 'vault-s3cret'], stdout: 'vault-s3cret', stdout_lines: ['vault-s3cret'] }) },
    { what: 'a diff', e: result('copy', { diff: { before: '', after: 'pw=vault-s3cret\n' } }) },
    { what: 'a loop item', e: { ...result('shell', { msg: 'x' }), item: 'user:vault-s3cret' } as EngineEvent },
    { what: 'a retry', e: { type: 'host_task_retry', host: 'h1', task: task('command'), attempt: 1, retriesLeft: 2, result: { stderr: 'bad vault-s3cret' } } as EngineEvent },
    { what: 'a warning', e: { type: 'warning', message: 'saw vault-s3cret' } as EngineEvent },
    { what: 'an unreachable host', e: { type: 'host_unreachable', host: 'h1', message: 'auth vault-s3cret' } as EngineEvent },
  ])('are masked in $what', ({ e }) => {
    const shown = JSON.stringify(maskVaultValues(e));
    expect(shown).not.toContain('vault-s3cret');
    expect(shown).toContain(SECRET_MASK);
  });

  it.each(['debug', 'ansible.builtin.debug', 'ansible.legacy.debug'])('are shown by %s, which prints them on purpose', (module) => {
    const e = result(module, { vault_secret: 'vault-s3cret' });
    expect(maskVaultValues(e)).toBe(e);
  });

  it('leave an event alone when the vault revealed nothing', () => {
    forgetRevealed();
    const e = result('command', { stdout: 'vault-s3cret' });
    expect(maskVaultValues(e)).toBe(e);
  });
});

/** Run `command` with `opts.stdin` as the host's shell (dash) would, and its stdout. */
function runAsHost(command: string, stdin: string | Buffer | undefined): string {
  const r = spawnSync('/bin/sh', ['-c', command], { input: stdin ?? '', encoding: 'utf8' });
  return r.stdout + r.stderr;
}

describe('commands holding a vault value', () => {
  it.each([
    { what: 'as written', command: "printf '%s\\n' vault-s3cret" },
    { what: "with a quote in it", command: `printf '%s\\n' 'it'\\''s vault-s3cret'` },
  ])('travel on stdin, the argv only reading them ($what)', ({ command }) => {
    const x = secretsOffArgv(command, {}, ['vault-s3cret']);
    expect(x.command).toBe(STDIN_SCRIPT_READER);
    expect(x.command).not.toContain('vault-s3cret');
    expect(runAsHost(x.command, x.opts.stdin)).toBe(runAsHost(command, undefined));
  });

  it("a secret with a quote is found as util/quote.ts writes it", () => {
    const x = secretsOffArgv(`echo 'x'\\''y-vault'`, {}, ["x'y-vault"]);
    expect(x.command).toBe(STDIN_SCRIPT_READER);
  });

  it("keep the module's own stdin after the script, and the environment inside it", () => {
    const command = 'cat; printf "[%s]" "$TOKEN"; exit 3';
    const x = secretsOffArgv(command, { stdin: 'module input\n', env: { TOKEN: 'vault-s3cret' }, cwd: '/tmp' }, ['vault-s3cret']);
    expect(x.opts.env).toBeUndefined();
    expect(x.opts.cwd).toBe('/tmp');
    const r = spawnSync('/bin/sh', ['-c', x.command], { input: x.opts.stdin });
    expect(r.stdout.toString()).toBe('module input\n[vault-s3cret]');
    expect(r.status).toBe(3);
  });

  it('keep trailing newlines and multi-byte text of the script exactly', () => {
    const command = "cat <<'EOF'\ncafé vault-s3cret\nEOF\n\n";
    const x = secretsOffArgv(command, {}, ['vault-s3cret']);
    expect(runAsHost(x.command, x.opts.stdin)).toBe('café vault-s3cret\n');
  });

  it('stay as they are without a vault value', () => {
    const opts = { stdin: 'x', env: { A: 'b' } };
    expect(secretsOffArgv('echo hi', opts, ['vault-s3cret'])).toEqual({ command: 'echo hi', opts });
    expect(secretsOffArgv('echo vault-s3cret', opts, [])).toEqual({ command: 'echo vault-s3cret', opts });
  });
});

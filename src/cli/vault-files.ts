/**
 * The files of `machinist vault`: reading an input (a file or `-` for stdin), writing an output
 * atomically with mode 0600 as ansible-vault does (a private temporary beside it, renamed over it:
 * util/temp-files.ts), editing plaintext in $EDITOR through a private temporary file that is
 * overwritten and removed afterwards whatever happens, and showing text through $PAGER.
 */
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { shlexSplit } from '../py/shlex.js';
import { localTempFor } from '../util/temp-files.js';
import { VaultPasswordError } from './vault-sources.js';

/** An input's bytes: a file, or stdin for `-`. */
export async function readInput(file: string): Promise<Buffer> {
  try {
    if (file === '-') {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    }
    return await fs.readFile(file);
  } catch (e) {
    throw new VaultPasswordError(`Unable to read source file (${file}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Write `data` to `file` (stdout for `-`): a new file of mode 0600 (`mode` to keep another),
 * renamed over the old one, so a run killed at any moment leaves the old or the new content.
 */
export async function writeOutput(file: string, data: Buffer | string, mode = 0o600): Promise<void> {
  if (file === '-') {
    await new Promise<void>((resolve, reject) => process.stdout.write(data, (e) => (e ? reject(e) : resolve())));
    return;
  }
  const real = await fs.realpath(file).catch(() => path.resolve(file));
  const tmp = await localTempFor(real);
  try {
    await fs.writeFile(tmp, data, { flag: 'wx', mode: 0o600 });
    await fs.chmod(tmp, mode & 0o7777);
    await fs.rename(tmp, real);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw new VaultPasswordError(`Unable to write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Run a command on the terminal, waiting for it; Ctrl-C goes to it, not to machinist. */
function runOnTerminal(argv: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const ignore = () => {};
    process.on('SIGINT', ignore);
    const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit' });
    const done = () => process.off('SIGINT', ignore);
    child.on('error', (e) => {
      done();
      reject(e);
    });
    child.on('close', (code) => {
      done();
      resolve(code ?? 1);
    });
  });
}

/**
 * Let the user edit `plaintext` in $EDITOR (default vi) through a private temporary file (mode
 * 0600 in a 0700 directory, with `like`'s extension), and return what was saved. The temporary is
 * overwritten and removed afterwards, also when the editor fails.
 */
export async function editInEditor(plaintext: Buffer, like: string): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-vault-'));
  const file = path.join(dir, `edit${path.extname(like)}`);
  try {
    await fs.writeFile(file, plaintext, { flag: 'wx', mode: 0o600 });
    const argv = [...shlexSplit(process.env.EDITOR || 'vi'), file];
    let code: number;
    try {
      code = await runOnTerminal(argv);
    } catch (e) {
      throw new VaultPasswordError(`Unable to execute the command "${argv.join(' ')}": ${(e as Error).message}`);
    }
    if (code !== 0) throw new VaultPasswordError(`the editor "${argv.join(' ')}" exited with ${code}: nothing was saved`);
    return await fs.readFile(file);
  } finally {
    await shred(file);
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Overwrite a plaintext file before it is removed (as ansible-vault's custom shred). */
async function shred(file: string): Promise<void> {
  const st = await fs.stat(file).catch(() => undefined);
  if (!st?.isFile() || !st.size) return;
  const fh = await fs.open(file, 'r+').catch(() => undefined);
  if (!fh) return;
  try {
    await fh.write(Buffer.alloc(st.size), 0, st.size, 0);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Show text as Ansible's pager does: as is when stdout is no terminal, else through $PAGER (or less). */
export function page(text: string): void {
  const pager = process.env.PAGER || (spawnSync('sh', ['-c', 'command -v less'], { stdio: 'ignore' }).status === 0 ? 'less' : '');
  if (!process.stdout.isTTY || !pager) {
    process.stdout.write(text);
    return;
  }
  spawnSync('sh', ['-c', pager], { input: text, stdio: ['pipe', 'inherit', 'inherit'], env: { ...process.env, LESS: process.env.LESS ?? '-FRSX' } });
}

/**
 * `ansible_connection: local`: the same Connection contract on the controller itself, so modules run
 * the same code path. Commands run under /bin/sh; files are written atomically (temp + rename).
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Connection, ExecOptions, ExecResult, GetOptions, PutOptions } from './types.js';
import { envPrefix, sh } from '../util/quote.js';

export class LocalConnection implements Connection {
  constructor(readonly host: string = 'localhost') {}

  async connect(): Promise<void> {}

  exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    if (opts.become) throw new Error('become on the local connection is provided by the transport wrapper');
    const full = (opts.cwd ? sh`cd ${opts.cwd} && ` : '') + envPrefix(opts.env) + command;
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', full], { stdio: ['pipe', 'pipe', 'pipe'], signal: opts.signal });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timedOut = false;
      const timer = opts.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
          }, opts.timeoutMs)
        : undefined;
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.on('error', (e) => {
        if (timer) clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        const stdoutBuffer = Buffer.concat(out);
        resolve({
          command,
          rc: code ?? (timedOut ? 124 : 128),
          stdout: stdoutBuffer.toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          stdoutBuffer,
          signal: signal ?? undefined,
          timedOut,
          durationMs: Date.now() - started,
        });
      });
      child.stdin.on('error', () => {});
      child.stdin.end(opts.stdin ?? '');
    });
  }

  async put(dest: string, content: Buffer | string | NodeJS.ReadableStream, opts: PutOptions = {}): Promise<void> {
    const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.machinist-${randomBytes(6).toString('hex')}`);
    try {
      if (typeof content === 'string' || Buffer.isBuffer(content)) {
        await fs.writeFile(tmp, content, { mode: 0o600 });
      } else {
        const chunks: Buffer[] = [];
        for await (const c of content as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(c));
        await fs.writeFile(tmp, Buffer.concat(chunks), { mode: 0o600 });
      }
      if (opts.mode) await fs.chmod(tmp, parseInt(opts.mode, 8));
      if (opts.owner || opts.group) {
        const r = await this.exec(sh`chown ${(opts.owner ?? '') + (opts.group ? ':' + opts.group : '')} ${tmp}`);
        if (r.rc !== 0) throw new Error(`chown failed: ${r.stderr.trim()}`);
      }
      await fs.rename(tmp, dest);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  }

  async get(p: string, _opts: GetOptions = {}): Promise<Buffer> {
    return fs.readFile(p);
  }

  async close(): Promise<void> {}
}

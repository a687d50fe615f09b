/**
 * `ansible_connection: local`: the same Connection contract on the controller itself, so modules run
 * the same code path. Commands run under /bin/sh (in their own process group, so a timeout or an
 * abort ends the whole tree); become goes through sudo exactly as over ssh (wrap.ts); files are
 * written atomically (temp + rename) by the shared files.ts.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import type { Connection, ExecOptions, ExecResult, GetOptions, PutOptions } from './types.js';
import { wrapCommand } from './wrap.js';
import { drive } from './run.js';
import { atomicPut, becomeGet, effectiveBecome, type FileOps } from './files.js';

export class LocalConnection implements Connection {
  private readonly loginUser = os.userInfo().username;

  constructor(readonly host: string = 'localhost') {}

  async connect(): Promise<void> {}

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const become = effectiveBecome(opts.become, this.loginUser);
    const w = wrapCommand(command, { ...opts, become });
    const child = spawn('/bin/sh', ['-c', w.become ? w.command : w.inner], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const done = new Promise<{ code: number | null; signal?: string }>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal: signal ? signal.replace(/^SIG/, '') : undefined }));
    });
    return drive(
      {
        stdin: child.stdin,
        stdout: child.stdout,
        stderr: child.stderr,
        kill: () => {
          try {
            if (child.pid) process.kill(-child.pid, 'SIGTERM');
          } catch {
            child.kill('SIGTERM');
          }
        },
        done,
      },
      w,
      command,
      opts,
    );
  }

  private ops(): FileOps {
    return {
      exec: (c, o) => this.exec(c, o),
      loginUser: this.loginUser,
    };
  }

  async put(dest: string, content: Buffer | string | NodeJS.ReadableStream, opts: PutOptions = {}): Promise<void> {
    await atomicPut(this.ops(), dest, content, opts);
  }

  async get(p: string, opts: GetOptions = {}): Promise<Buffer> {
    const become = effectiveBecome(opts.become, this.loginUser);
    if (become) return becomeGet(this.ops(), p, become, opts.signal);
    return fs.readFile(p);
  }

  async close(): Promise<void> {}
}

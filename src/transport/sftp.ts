/**
 * SFTP helpers: streaming upload into a new 0600 file (exclusive create, so an existing file is never
 * written through) and whole-file download. SFTP status codes become Node-like errors (ENOENT, EACCES).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SFTPWrapper } from 'ssh2';
import type { Content } from './files.js';

const STATUS: Record<number, string> = { 2: 'ENOENT', 3: 'EACCES', 4: 'EIO' };

function nodeError(e: unknown, what: string): Error {
  const code = STATUS[(e as { code?: number })?.code ?? -1];
  const err = new Error(`${what}: ${(e as Error)?.message ?? String(e)}`) as NodeJS.ErrnoException;
  if (code) err.code = code;
  return err;
}

export async function sftpUpload(s: SFTPWrapper, path: string, content: Content): Promise<void> {
  const src = typeof content === 'string' || Buffer.isBuffer(content) ? Readable.from([Buffer.from(content)]) : (content as Readable);
  const ws = s.createWriteStream(path, { flags: 'wx', mode: 0o600 });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  try {
    await pipeline(src, ws);
  } catch (e) {
    throw nodeError(e, `uploading ${path}`);
  }
  await closed;
}

export function sftpGet(s: SFTPWrapper, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    s.readFile(path, (err, data) => (err ? reject(nodeError(err, `reading ${path}`)) : resolve(data)));
  });
}

/**
 * SFTP helper: whole-file download (writes go through files.ts's put script, whose shell on the host
 * is a writer the next write can see). SFTP status codes become Node-like errors (ENOENT, EACCES).
 */
import type { SFTPWrapper } from 'ssh2';

const STATUS: Record<number, string> = { 2: 'ENOENT', 3: 'EACCES', 4: 'EIO' };

function nodeError(e: unknown, what: string): Error {
  const code = STATUS[(e as { code?: number })?.code ?? -1];
  const err = new Error(`${what}: ${(e as Error)?.message ?? String(e)}`) as NodeJS.ErrnoException;
  if (code) err.code = code;
  return err;
}

export function sftpGet(s: SFTPWrapper, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    s.readFile(path, (err, data) => (err ? reject(nodeError(err, `reading ${path}`)) : resolve(data)));
  });
}

/** A writable stream that keeps what is written to it, for tests of views that write to stdout/stderr. */
import { Writable } from 'node:stream';

export function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  }) as Writable & { text: () => string };
  w.text = () => chunks.join('');
  return w;
}

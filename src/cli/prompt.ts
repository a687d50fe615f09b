/** Hidden prompts (become password, SSH password, key passphrases) on the controlling terminal. */
import * as readline from 'node:readline';

export async function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  const output = process.stderr;
  if (!input.isTTY) {
    // no terminal: read one line from stdin (lets scripts pipe a password in), never echo it
    const rl = readline.createInterface({ input, terminal: false });
    output.write(question);
    try {
      for await (const line of rl) return line;
      return '';
    } finally {
      rl.close();
      output.write('\n');
    }
  }
  return new Promise((resolve, reject) => {
    output.write(question);
    input.setRawMode(true);
    input.resume();
    let value = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          done();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          done();
          reject(Object.assign(new Error('interrupted'), { name: 'AbortError' }));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const done = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
    };
    input.on('data', onData);
  });
}

/** `npm run bench`: prints the project's speed and memory figures (see README, Performance). */
import { benchPlay } from './play.js';
import { benchTransport } from './transport.js';

async function main(): Promise<void> {
  const only = process.argv[2];
  if (!only || only === 'transport') {
    console.log('== transport (real sshd on 127.0.0.1)');
    await benchTransport();
  }
  if (!only || only === 'play') {
    console.log('== playbook (real sshd on 127.0.0.1)');
    await benchPlay();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

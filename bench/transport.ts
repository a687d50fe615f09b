/**
 * Transport figures against a real OpenSSH sshd on 127.0.0.1 (needs root and openssh-server):
 * milliseconds per command on one connection, commands in parallel on one connection, connecting to
 * many "hosts" at once, and the controller's memory. Prints figures; asserts nothing.
 */
import { ConnectionPool, connectionSpecFor, type ConnOptions } from '../src/transport/index.js';
import { startSshd } from '../test/integration/sshd.js';

const N = Number(process.env.BENCH_COMMANDS ?? 200);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 10);

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function benchTransport(): Promise<void> {
  const sshd = await startSshd();
  try {
    // a plain user: root's shell start-up files on a workstation can add their own cost per command
    await sshd.addUser('mbench');
    const opts: ConnOptions = { knownHostsFiles: [sshd.knownHostsPath], hostKeyChecking: 'strict', sshConfigFile: '' };
    const vars = { ansible_host: sshd.host, ansible_port: sshd.port, ansible_user: 'mbench', ansible_ssh_private_key_file: sshd.clientKeyPath };
    const pool = new ConnectionPool(opts);
    const conn = pool.get(connectionSpecFor('bench', vars, opts));

    let t = process.hrtime.bigint();
    await conn.connect();
    console.log(`connect (TCP + key exchange + publickey): ${ms(t).toFixed(1)} ms`);

    for (let i = 0; i < 10; i++) await conn.exec('true'); // warm up
    t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await conn.exec('true');
    const seq = ms(t);
    console.log(`sequential: ${N} commands in ${seq.toFixed(0)} ms = ${(seq / N).toFixed(2)} ms/command`);

    t = process.hrtime.bigint();
    await Promise.all(Array.from({ length: N }, () => conn.exec('true')));
    const par = ms(t);
    console.log(`parallel on one connection (≤10 channels): ${N} commands in ${par.toFixed(0)} ms = ${(par / N).toFixed(2)} ms/command`);

    const many = new ConnectionPool(opts);
    const conns = Array.from({ length: HOSTS }, (_, i) => many.get(connectionSpecFor(`h${i}`, vars, opts)));
    t = process.hrtime.bigint();
    await Promise.all(conns.map((c) => c.connect()));
    console.log(`connect ${HOSTS} hosts at once: ${ms(t).toFixed(0)} ms`);
    t = process.hrtime.bigint();
    await Promise.all(conns.map(async (c) => {
      for (let i = 0; i < 100; i++) await c.exec('true');
    }));
    const fleet = ms(t);
    console.log(`${HOSTS} hosts × 100 sequential commands: ${fleet.toFixed(0)} ms = ${(fleet / (HOSTS * 100)).toFixed(2)} ms per host-command`);
    console.log(`controller memory (rss): ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
    await many.closeAll();
    await pool.closeAll();
  } finally {
    await sshd.stop();
  }
}

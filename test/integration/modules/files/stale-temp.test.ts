/**
 * Temporaries a killed write leaves beside a destination, over a real OpenSSH sshd: the next write to
 * that destination removes its stale ones (writer gone) and nothing else — not a user's look-alike
 * file, not the temporary of a writer still running — whichever write path runs (put as root, put
 * under sudo, validated write, file state=link). And a real kill -9 of `machinist play` in the middle
 * of a large copy: the destination stays intact, no temporary stays behind, and the next run
 * completes. Skips where sshd cannot run (not root, no openssh-server).
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sh } from '../../../../src/util/quote.js';
import type { Ssh2Connection } from '../../../../src/transport/ssh.js';
import type { BecomeSpec } from '../../../../src/transport/types.js';
import type { PlanModuleDef } from '../../../../src/modules/types.js';
import { copyModule } from '../../../../src/modules/files/copy.js';
import { fileModule } from '../../../../src/modules/files/file.js';
import { moduleContext } from '../../../helpers/module-context.js';
import { skipReason, startSshd, type Sshd } from '../../sshd.js';
import { connect } from '../../transport/helpers.js';
import { runCli } from '../../cli/run-cli.js';

const reason = skipReason();
const PW = `pw-${randomBytes(4).toString('hex')}`;
const BIN = path.resolve(__dirname, '../../../../bin/machinist.js');

describe.skipIf(!!reason)(`stale temporaries of killed writes${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let sshd: Sshd;
  let root: Ssh2Connection;
  let user: Ssh2Connection;
  let dir: string;
  let boot: string;
  const uname = `mtstale${process.pid % 10000}`;

  async function run(conn: Ssh2Connection, become: BecomeSpec | null, mod: PlanModuleDef, args: Record<string, unknown>) {
    const base = moduleContext(conn);
    const ctx = {
      ...base,
      become,
      exec: (c: string, o?: Parameters<typeof conn.exec>[1]) => conn.exec(c, { ...o, become }),
      put: (d: string, c: Buffer | string, o?: Parameters<typeof conn.put>[2]) => conn.put(d, c, { ...o, become }),
      get: (p: string, o?: Parameters<typeof conn.get>[1]) => conn.get(p, { ...o, become }),
    };
    const plan = await mod.plan(mod.schema.parse(args), ctx);
    if (plan.changed && plan.apply) await plan.apply();
    return plan.changed;
  }

  /** The pid of a process that ran on the host and was killed with -9 (as a killed writer). */
  async function deadPid(): Promise<string> {
    const r = await root.exec(`sh -c 'echo $$; kill -9 $$'`);
    expect(r.stdout).toMatch(/^\d+\n$/);
    return r.stdout.trim();
  }

  /** Names of the directory's entries on the host. */
  async function ls(d: string): Promise<string[]> {
    return (await root.exec(sh`ls -A ${d}`)).stdout.split('\n').filter(Boolean).sort();
  }

  beforeAll(async () => {
    sshd = await startSshd();
    await sshd.addUser(uname, { password: PW, sudo: true });
    root = connect(sshd);
    user = connect(sshd, { user: uname });
    dir = (await root.exec('mktemp -d /tmp/machinist-stale-XXXXXX')).stdout.trim();
    await root.exec(sh`chmod 755 ${dir}`);
    boot = (await root.exec('cut -c1-8 /proc/sys/kernel/random/boot_id')).stdout.trim();
  });
  afterAll(async () => {
    if (dir) await root?.exec(sh`rm -rf ${dir}`).catch(() => undefined);
    await root?.close();
    await user?.close();
    await sshd?.stop();
  });

  const cases: Array<{ name: string; as: 'root' | 'sudo'; mod: PlanModuleDef; args: (dest: string) => Record<string, unknown>; check: (dest: string) => Promise<void> }> = [
    {
      name: 'copy as root',
      as: 'root',
      mod: copyModule,
      args: (dest) => ({ content: 'new=1\n', dest }),
      check: async (dest) => expect((await root.exec(sh`cat ${dest}`)).stdout).toBe('new=1\n'),
    },
    {
      name: 'copy through sudo',
      as: 'sudo',
      mod: copyModule,
      args: (dest) => ({ content: 'new=2\n', dest, mode: '0600' }),
      check: async (dest) => expect((await root.exec(sh`stat -c '%U %a' ${dest}; cat ${dest}`)).stdout).toBe('root 600\nnew=2\n'),
    },
    {
      name: 'copy with validate',
      as: 'root',
      mod: copyModule,
      args: (dest) => ({ content: 'new=3\n', dest, validate: 'grep -q new= %s' }),
      check: async (dest) => expect((await root.exec(sh`cat ${dest}`)).stdout).toBe('new=3\n'),
    },
    {
      name: 'file state=link',
      as: 'root',
      mod: fileModule,
      args: (dest) => ({ path: dest, state: 'link', src: '/etc/hostname', force: true }),
      check: async (dest) => expect((await root.exec(sh`readlink ${dest}`)).stdout).toBe('/etc/hostname\n'),
    },
  ];

  it.each(cases)('$name: removes the stale temporary, keeps the user file and the temporary of a live writer, writes the destination', async (c) => {
    const sub = `${dir}/${c.name.replace(/\W+/g, '-')}`;
    await root.exec(sh`mkdir -p ${sub} && chmod 755 ${sub}`);
    const dest = `${sub}/app.conf`;
    await root.exec(sh`printf 'old\n' > ${dest}`);
    const live = (await fs.readFile(path.join(sshd.dir, 'sshd.pid'), 'utf8')).trim();
    // as a killed run leaves it: named by the scheme, its writer gone, as large as the content got
    const stale = `.app.conf.machinist-${boot}-${await deadPid()}-0a1b2c3d`;
    const keep = ['.app.conf.machinist-notes', `.app.conf.machinist-${boot}-${live}-0a1b2c3d`, `.other.conf.machinist-${boot}-${await deadPid()}-0a1b2c3d`];
    for (const n of [stale, ...keep]) await root.exec(sh`head -c 1048576 /dev/urandom > ${`${sub}/${n}`}`);
    expect(await ls(sub)).toContain(stale);

    const changed = await run(c.as === 'root' ? root : user, c.as === 'root' ? null : { user: 'root', password: PW }, c.mod, c.args(dest));
    expect(changed).toBe(true);
    expect(await ls(sub)).toEqual(['app.conf', ...keep].sort());
    await c.check(dest);
  });

  it('kill -9 of machinist in the middle of a large copy: destination intact, no temporary left, the next run completes', async () => {
    const local = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-stale-cli-'));
    try {
      const big = path.join(local, 'big.bin');
      const fh = await fs.open(big, 'w');
      const hash = createHash('sha256');
      for (let i = 0; i < 96; i++) {
        const chunk = randomBytes(1 << 20);
        hash.update(chunk);
        await fh.write(chunk);
      }
      await fh.close();
      const sum = hash.digest('hex');
      const sub = `${dir}/cli`;
      const dest = `${sub}/big.bin`;
      await root.exec(sh`mkdir -p ${sub} && printf 'old\n' > ${dest}`);
      const inventory = path.join(local, 'inventory.yml');
      await fs.writeFile(
        inventory,
        [
          'all:',
          '  hosts:',
          '    h1:',
          `      ansible_host: ${sshd.host}`,
          `      ansible_port: ${sshd.port}`,
          '      ansible_user: root',
          `      ansible_ssh_private_key_file: ${sshd.clientKeyPath}`,
          `      ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsPath}`,
        ].join('\n') + '\n',
      );
      const playbook = path.join(local, 'site.yml');
      await fs.writeFile(playbook, ['- hosts: all', '  gather_facts: false', '  tasks:', '    - copy:', `        src: ${big}`, `        dest: ${dest}`].join('\n') + '\n');
      // the sshd runs on this machine: its files are read directly (faster than a command per poll)
      const temps = async () => (await fs.readdir(sub)).filter((n) => n.startsWith('.big.bin.machinist-'));

      const child = spawn(process.execPath, [BIN, 'play', playbook, '-i', inventory], { env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      let running = true;
      void exited.then(() => (running = false));
      // wait (bounded) until the content is on its way into a temporary beside the destination
      let seen = false;
      for (let i = 0; i < 10_000 && running && !seen; i++) {
        seen = (await temps()).length > 0;
        if (!seen) await new Promise((r) => setTimeout(r, 10));
      }
      child.kill('SIGKILL');
      await exited;
      expect(seen, 'the copy finished (or failed) before it could be killed mid-transfer').toBe(true);
      expect((await root.exec(sh`cat ${dest}`)).stdout).toBe('old\n');
      // the host's write script sees its input cut short and removes its temporary
      let left = await temps();
      for (let i = 0; i < 200 && left.length; i++) {
        await new Promise((r) => setTimeout(r, 50));
        left = await temps();
      }
      expect(left).toEqual([]);

      const again = await runCli(['play', playbook, '-i', inventory], { timeoutMs: 120_000 });
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect((await root.exec(sh`sha256sum ${dest}`)).stdout.split(' ')[0]).toBe(sum);
      expect(await temps()).toEqual([]);
    } finally {
      await fs.rm(local, { recursive: true, force: true });
    }
  }, 240_000);
});

/**
 * A real OpenSSH sshd for integration tests: its own temp dir with fresh host keys (ed25519 + rsa), a
 * client key, a config listening on 127.0.0.1 on a free port, and test users (with passwords and
 * sudo drop-ins) that are removed again on stop(). Needs root and openssh-server (+ sudo for become
 * tests): `skipReason()` says why the tests must skip when they cannot run.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs, rmSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';

export interface AddUserOptions {
  password?: string;
  /** true: sudo with password; 'nopasswd': sudo without one. */
  sudo?: boolean | 'nopasswd';
}

export interface Sshd {
  host: string;
  port: number;
  dir: string;
  clientKeyPath: string;
  clientPublicKey: string;
  /** `[127.0.0.1]:port` entries for the real host keys. */
  knownHostsPath: string;
  /** Public host keys as `type base64` lines. */
  hostKeys: Array<{ type: string; base64: string }>;
  addUser(name: string, opts?: AddUserOptions): Promise<void>;
  /** sshd's own log (LogLevel VERBOSE, -e). */
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra sshd_config lines. */
  extraConfig?: string;
}

/** Why integration tests with a real sshd cannot run here (undefined when they can). */
export function skipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (creates users and runs sshd)';
  if (!existsSync(SSHD)) return `needs ${SSHD} (apt-get install openssh-server)`;
  if (!existsSync('/usr/bin/ssh-keygen')) return 'needs ssh-keygen (apt-get install openssh-client)';
  return undefined;
}

const live = new Set<ChildProcess>();
const liveCleanups = new Set<() => void>();
let exitHook = false;
function hookExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const p of live) p.kill('SIGKILL');
    for (const c of liveCleanups) c();
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForBanner(port: number, deadline: number, child: ChildProcess, log: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}:\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      const t = setTimeout(() => (s.destroy(), resolve(false)), 1000);
      s.once('data', (d) => {
        clearTimeout(t);
        s.destroy();
        resolve(d.toString().startsWith('SSH-'));
      });
      s.once('error', () => (clearTimeout(t), resolve(false)));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`sshd did not answer on port ${port}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function keygen(type: 'ed25519' | 'rsa', file: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-C', 'machinist-test', '-f', file]);
}

export async function startSshd(opts: StartOptions = {}): Promise<Sshd> {
  const reason = skipReason();
  if (reason) throw new Error(`cannot start sshd: ${reason}`);
  hookExit();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-sshd-'));
  await fs.chmod(dir, 0o755);
  const users: string[] = [];
  const sudoers: string[] = [];
  const cleanupSync = () => {
    for (const f of sudoers) rmSync(f, { force: true });
    rmSync(dir, { recursive: true, force: true });
  };
  liveCleanups.add(cleanupSync);
  let child: ChildProcess | undefined;
  try {
    await fs.mkdir('/run/sshd', { recursive: true, mode: 0o755 });
    await Promise.all([
      keygen('ed25519', path.join(dir, 'ssh_host_ed25519_key')),
      keygen('rsa', path.join(dir, 'ssh_host_rsa_key')),
      keygen('ed25519', path.join(dir, 'client_key')),
    ]);
    const clientPublicKey = (await fs.readFile(path.join(dir, 'client_key.pub'), 'utf8')).trim();
    const akDir = path.join(dir, 'authorized_keys');
    await fs.mkdir(akDir, { mode: 0o755 });
    await fs.writeFile(path.join(akDir, 'root'), clientPublicKey + '\n', { mode: 0o644 });
    const port = await freePort();
    const config = path.join(dir, 'sshd_config');
    await fs.writeFile(
      config,
      [
        // First value wins in sshd_config: the caller's lines go first.
        opts.extraConfig ?? '',
        `ListenAddress 127.0.0.1`,
        `Port ${port}`,
        `HostKey ${dir}/ssh_host_ed25519_key`,
        `HostKey ${dir}/ssh_host_rsa_key`,
        `PidFile ${dir}/sshd.pid`,
        `AuthorizedKeysFile ${akDir}/%u`,
        'StrictModes no',
        'PermitRootLogin yes',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'MaxSessions 10',
        'MaxStartups 50:30:100',
        'AllowTcpForwarding yes',
        'LogLevel VERBOSE',
        'Subsystem sftp /usr/lib/openssh/sftp-server',
        '',
      ].join('\n'),
    );
    const hostKeys: Sshd['hostKeys'] = [];
    for (const t of ['ed25519', 'rsa']) {
      const [type, base64] = (await fs.readFile(path.join(dir, `ssh_host_${t}_key.pub`), 'utf8')).trim().split(/\s+/);
      hostKeys.push({ type, base64 });
    }
    const knownHostsPath = path.join(dir, 'known_hosts');
    await fs.writeFile(knownHostsPath, hostKeys.map((k) => `[127.0.0.1]:${port} ${k.type} ${k.base64}\n`).join(''), { mode: 0o600 });

    let logText = '';
    const c = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    live.add(c);
    c.stderr!.on('data', (d: Buffer) => {
      logText += d.toString();
      if (logText.length > 1_000_000) logText = logText.slice(-500_000);
    });
    c.on('exit', () => live.delete(c));
    await waitForBanner(port, Date.now() + 10_000, c, () => logText);

    const sshd: Sshd = {
      host: '127.0.0.1',
      port,
      dir,
      clientKeyPath: path.join(dir, 'client_key'),
      clientPublicKey,
      knownHostsPath,
      hostKeys,
      log: () => logText,
      async addUser(name, o = {}) {
        if (!/^[a-z_][a-z0-9_-]{0,30}$/.test(name)) throw new Error(`bad test user name ${name}`);
        await run('userdel', ['-r', name]).catch(() => undefined);
        await run('useradd', ['-m', '-s', '/bin/bash', name]);
        users.push(name);
        if (o.password !== undefined) {
          await new Promise<void>((resolve, reject) => {
            const p = spawn('chpasswd', [], { stdio: ['pipe', 'ignore', 'pipe'] });
            let err = '';
            p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
            p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`chpasswd failed: ${err}`))));
            p.stdin!.end(`${name}:${o.password}\n`);
          });
        } else {
          // A locked account ('!') may not log in at all with UsePAM no; '*' allows keys only.
          await run('usermod', ['-p', '*', name]);
        }
        await fs.writeFile(path.join(akDir, name), clientPublicKey + '\n', { mode: 0o644 });
        if (o.sudo) {
          const f = `/etc/sudoers.d/machinist-test-${name}`;
          sudoers.push(f);
          const rule = o.sudo === 'nopasswd' ? 'NOPASSWD: ALL' : 'ALL';
          await fs.writeFile(f, `${name} ALL=(ALL:ALL) ${rule}\n`, { mode: 0o440 });
        }
      },
      async stop() {
        if (c.exitCode === null) {
          const exited = new Promise<void>((r) => c.once('exit', () => r()));
          c.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
          if (c.exitCode === null) c.kill('SIGKILL');
        }
        live.delete(c);
        // -f: sessions of a test user may still be ending.
        for (const u of users) await run('userdel', ['-f', '-r', u]).catch(() => undefined);
        cleanupSync();
        liveCleanups.delete(cleanupSync);
      },
    };
    return sshd;
  } catch (e) {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    cleanupSync();
    liveCleanups.delete(cleanupSync);
    throw e;
  }
}

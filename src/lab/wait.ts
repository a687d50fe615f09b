/**
 * Waiting for a booting host: a raw TCP check of port 22, then a real SSH login with the lab's key
 * (ssh2) that also captures the host key the server presents. The key must be one of the host's own
 * /etc/ssh/ssh_host_*_key.pub (read from its root on the machine); those lines go into known_hosts.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ssh2 from 'ssh2';
import { LabError } from './config.js';
import { consoleTail, hostPid, type HostLayout } from './host.js';
import { sleep } from './proc.js';
import { tcpOpen } from './proxy.js';

export interface HostKey {
  type: string;
  key: string;
}

/** Parses `TYPE BASE64 [comment]` lines of *.pub files (pure). */
export function parsePubKeys(texts: string[]): HostKey[] {
  const out: HostKey[] = [];
  for (const t of texts) {
    for (const line of t.split('\n')) {
      const [type, key] = line.trim().split(/\s+/);
      if (type && key && /^[A-Za-z0-9+/=]+$/.test(key)) out.push({ type, key });
    }
  }
  return out;
}

export async function readHostKeys(root: string): Promise<HostKey[]> {
  const dir = path.join(root, 'etc', 'ssh');
  const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => /^ssh_host_.*_key\.pub$/.test(f)).sort();
  return parsePubKeys(await Promise.all(files.map((f) => fs.readFile(path.join(dir, f), 'utf8'))));
}

/**
 * One SSH login: resolves with the presented host key (base64 blob) and `hostname`'s output, once the
 * host's boot has finished (`systemctl is-system-running --wait`: running or degraded).
 */
export function sshProbe(address: string, privateKey: string, timeoutMs: number): Promise<{ presented: string; hostname: string }> {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    let presented = '';
    let done = false;
    const finish = (err: Error | null, v?: { presented: string; hostname: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      c.end();
      if (err) reject(err);
      else resolve(v!);
    };
    const timer = setTimeout(() => finish(new Error('ssh login timed out')), timeoutMs);
    c.on('error', (e) => finish(e));
    c.on('ready', () => {
      c.exec('hostname; timeout 60 systemctl is-system-running --wait >/dev/null', (err, ch) => {
        if (err) return finish(err);
        let out = '';
        ch.on('data', (d: Buffer) => (out += d.toString()));
        ch.stderr.on('data', () => {});
        ch.on('close', () => finish(null, { presented, hostname: out.trim().split('\n')[0] }));
      });
    });
    c.connect({
      host: address,
      port: 22,
      username: 'root',
      privateKey,
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        presented = key.toString('base64');
        return true; // checked against the host's own key files below, before anything is trusted
      },
    });
  });
}

/**
 * Waits until the host answers SSH as itself. Fails early (with the console's last lines) if its
 * systemd-nspawn process exits, and after timeoutMs.
 */
export async function waitForHost(h: HostLayout, privateKey: string, timeoutMs = 90_000): Promise<HostKey[]> {
  const end = Date.now() + timeoutMs;
  let last = 'port 22 never opened';
  while (Date.now() < end) {
    if (!(await hostPid(h))) {
      throw new LabError(`${h.name}: systemd-nspawn exited while booting; console:\n${await consoleTail(h)}`);
    }
    if (await tcpOpen(h.address, 22, Math.min(2_000, end - Date.now()))) {
      try {
        const probe = await sshProbe(h.address, privateKey, Math.min(10_000, Math.max(1_000, end - Date.now())));
        const keys = await readHostKeys(h.root);
        if (!keys.some((k) => k.key === probe.presented)) {
          throw new LabError(`${h.name}: the SSH server at ${h.address} presented a key that is not one of the host's own keys`);
        }
        if (probe.hostname !== h.name) throw new LabError(`${h.name}: the host at ${h.address} calls itself ${JSON.stringify(probe.hostname)}`);
        return keys;
      } catch (e) {
        if (e instanceof LabError) throw e;
        if (/privateKey|private key/i.test((e as Error).message)) throw new LabError(`${h.name}: the lab's SSH key is unusable: ${(e as Error).message}`);
        last = (e as Error).message;
      }
    }
    await sleep(200);
  }
  throw new LabError(`${h.name} (${h.address}) did not answer SSH within ${Math.round(timeoutMs / 1000)} s (${last}); console:\n${await consoleTail(h)}`);
}

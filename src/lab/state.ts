/**
 * A lab's recorded state (LABDIR/state.json), its client key, and the lock that keeps two `lab`
 * commands from working on the same lab at once.
 */
import { promises as fs } from 'node:fs';
import ssh2 from 'ssh2';
import { LabError, parseState, stateRoot, type LabPaths, type LabState } from './config.js';
import { cmdlineOf } from './proc.js';
import { writeAtomic } from './inventory.js';

export async function readState(paths: LabPaths): Promise<LabState | undefined> {
  const text = await fs.readFile(paths.state, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseState(text, paths.state);
}

export async function writeState(paths: LabPaths, state: LabState): Promise<void> {
  await writeAtomic(paths.state, JSON.stringify(state, null, 2) + '\n');
}

/** Names of the labs that have state on this machine. */
export async function listLabs(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const root = stateRoot(env);
  const out: string[] = [];
  for (const e of await fs.readdir(root).catch(() => [] as string[])) {
    if (await fs.stat(`${root}/${e}/state.json`).then(() => true, () => false)) out.push(e);
  }
  return out.sort();
}

/** The lab's own client key pair (ed25519, OpenSSH format), made once. Returns the private key text. */
export async function ensureKey(paths: LabPaths, labName: string): Promise<{ privateKey: string; publicKey: string }> {
  const priv = await fs.readFile(paths.key, 'utf8').catch(() => undefined);
  const pub = await fs.readFile(paths.key + '.pub', 'utf8').catch(() => undefined);
  if (priv && pub && !(ssh2.utils.parseKey(priv) instanceof Error)) return { privateKey: priv, publicKey: pub.trim() };
  // ssh2 drops a leading zero byte of the public key now and then (about 1 key in 300), which makes
  // a key nobody can parse: make another until it reads back.
  let kp = ssh2.utils.generateKeyPairSync('ed25519', { comment: `machinist-lab-${labName}` });
  for (let i = 0; i < 20 && ssh2.utils.parseKey(kp.private) instanceof Error; i++) {
    kp = ssh2.utils.generateKeyPairSync('ed25519', { comment: `machinist-lab-${labName}` });
  }
  if (ssh2.utils.parseKey(kp.private) instanceof Error) throw new LabError('cannot make a usable SSH key for the lab');
  await writeAtomic(paths.key, kp.private, 0o600);
  await writeAtomic(paths.key + '.pub', kp.public.trim() + '\n', 0o644);
  return { privateKey: kp.private, publicKey: kp.public.trim() };
}

/**
 * Takes LABDIR/lock (pid inside). A lock whose process is gone is taken over; a live one is a clear
 * refusal. Returns the release function.
 */
export async function lockLab(paths: LabPaths, labName: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await fs.open(paths.lock, 'wx', 0o644);
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      return async () => {
        const owner = await fs.readFile(paths.lock, 'utf8').catch(() => '');
        if (owner.trim() === String(process.pid)) await fs.rm(paths.lock, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number((await fs.readFile(paths.lock, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || (await cmdlineOf(pid)))) {
        throw new LabError(`another machinist lab command (pid ${pid}) is working on lab ${labName}; wait for it or stop it`);
      }
      await fs.rm(paths.lock, { force: true });
    }
  }
  throw new LabError(`cannot take the lock ${paths.lock}`);
}

/**
 * `lab exec HOST -- CMD`: run a command on a lab host through the project's own SSH transport, with
 * exactly the connection variables the lab's inventory gives (strict host key checking against
 * LABDIR/known_hosts, the lab's key). An argv array is quoted word by word; a string is shell text.
 */
import { DEFAULT_LAB_NAME, LabError, addressPlan, checkLabName, hostAddress, hostIndex, labPaths } from './config.js';
import { quote } from '../util/quote.js';
import { ConnectionPool, connectionSpecFor } from '../transport/index.js';
import { readState } from './state.js';

export interface LabExecOptions {
  name?: string;
  timeoutMs?: number;
  stdin?: string;
}

export interface LabExecResult {
  rc: number;
  stdout: string;
  stderr: string;
}

/** Shell text for an argv (every word quoted) or the given text (pure). */
export function commandText(cmd: string | string[]): string {
  if (Array.isArray(cmd)) {
    if (!cmd.length) throw new LabError('lab exec: no command given');
    return cmd.map((w) => quote(w)).join(' ');
  }
  if (!cmd.trim()) throw new LabError('lab exec: no command given');
  return cmd;
}

/** The inventory variables of a lab host (what inventory.yml says about it). */
export async function labHostVars(host: string, name: string = DEFAULT_LAB_NAME): Promise<Record<string, unknown>> {
  checkLabName(name);
  const paths = labPaths(name);
  const state = await readState(paths);
  if (!state) throw new LabError(`lab ${name} is not up (run \`machinist lab up --name ${name}\`)`);
  const index = hostIndex(host);
  if (index === undefined) throw new LabError(`unknown lab host ${JSON.stringify(host)}: lab hosts are named h1, h2, ...`);
  return {
    ansible_host: hostAddress(addressPlan(state.prefix).prefix, index),
    ansible_user: 'root',
    ansible_ssh_private_key_file: paths.key,
    ansible_ssh_common_args: `-o UserKnownHostsFile=${paths.knownHosts} -o StrictHostKeyChecking=yes`,
  };
}

export async function labExec(host: string, cmd: string | string[], opts: LabExecOptions = {}): Promise<LabExecResult> {
  const command = commandText(cmd);
  const vars = await labHostVars(host, opts.name);
  const connOpts = { knownHostsFiles: [], hostKeyChecking: 'strict' as const, sshConfigFile: '', connectTimeoutMs: 10_000 };
  const pool = new ConnectionPool(connOpts);
  try {
    const conn = pool.get(connectionSpecFor(host, vars, connOpts, { sshConfigFile: '' }));
    const r = await conn.exec(command, { timeoutMs: opts.timeoutMs ?? 300_000, stdin: opts.stdin });
    return { rc: r.rc, stdout: r.stdout, stderr: r.stderr };
  } finally {
    await pool.closeAll();
  }
}

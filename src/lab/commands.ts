/**
 * The `machinist lab` subcommands, ready for the CLI to register with one call
 * (`registerLabCommands(program)`): up, status, down, exec. Progress goes to stderr; `lab up` prints
 * the inventory's path as its last line on stdout; `lab exec` exits with the remote command's code.
 * The functions doing the work can be passed in (tests check the option handling without root).
 */
import type { Command } from 'commander';
import { OptionsError } from '../util/errors.js';
import { DEFAULT_LAB_NAME, DEFAULT_SUITE, MAX_HOSTS } from './config.js';
import { labDown } from './down.js';
import { labExec } from './exec.js';
import { formatStatus, labStatus } from './status.js';
import { labUp } from './up.js';

export interface LabImpl {
  labUp: typeof labUp;
  labStatus: typeof labStatus;
  labDown: typeof labDown;
  labExec: typeof labExec;
}

export interface LabIo {
  out: (s: string) => void;
  err: (s: string) => void;
  setExitCode: (code: number) => void;
}

const defaultIo: LabIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  setExitCode: (c) => (process.exitCode = c),
};

function count(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > MAX_HOSTS) throw new OptionsError(`lab up: host count must be a whole number from 1 to ${MAX_HOSTS}, not ${JSON.stringify(v)}`);
  return Number(v);
}

export function registerLabCommands(program: Command, impl: LabImpl = { labUp, labStatus, labDown, labExec }, io: LabIo = defaultIo): Command {
  const lab = program.command('lab').description('a fleet of real Debian hosts on this machine (systemd-nspawn; needs root)');
  const progress = (m: string) => io.err(`lab: ${m}\n`);

  lab
    .command('up')
    .description('boot hosts h1..N (idempotent) and write LABDIR/inventory.yml and known_hosts')
    .argument('[count]', 'number of hosts', '3')
    .option('--name <name>', 'lab name (several labs can coexist)', DEFAULT_LAB_NAME)
    .option('--suite <suite>', 'Debian suite of the hosts', DEFAULT_SUITE)
    .option('--subnet <cidr>', 'private /24 for the lab (default: derived from the name)')
    .action(async (n: string, o: { name: string; suite: string; subnet?: string }) => {
      const r = await impl.labUp({ count: count(n), name: o.name, suite: o.suite, subnet: o.subnet, onProgress: progress });
      const booted = r.hosts.filter((h) => h.started).length;
      io.err(`lab ${r.name}: ${r.hosts.length} host${r.hosts.length === 1 ? '' : 's'} up (${booted} booted now) in ${(r.timings.totalMs / 1000).toFixed(1)} s\n`);
      io.out(r.inventoryPath + '\n');
    });

  lab
    .command('status')
    .description('the lab and its hosts: name, address, state, uptime')
    .option('--name <name>', 'lab name', DEFAULT_LAB_NAME)
    .option('--json', 'as JSON')
    .action(async (o: { name: string; json?: boolean }) => {
      const s = await impl.labStatus(o.name);
      io.out(o.json ? JSON.stringify(s, null, 2) + '\n' : formatStatus(s));
    });

  lab
    .command('down')
    .description('stop every host and remove namespaces, links, mounts and processes of the lab')
    .option('--name <name>', 'lab name', DEFAULT_LAB_NAME)
    .option('--purge', 'also delete the cached base image and the package cache')
    .action(async (o: { name: string; purge?: boolean }) => {
      const r = await impl.labDown({ name: o.name, purge: !!o.purge, onProgress: progress });
      io.err(`lab ${o.name}: down (${r.hosts.length} host${r.hosts.length === 1 ? '' : 's'} removed)${r.purged.length ? `; purged ${r.purged.join(', ')}` : ''}\n`);
    });

  lab
    .command('exec')
    .description('run a command on a lab host over SSH: machinist lab exec h1 -- uname -a')
    .argument('<host>', 'lab host (h1, h2, ...)')
    .argument('<command...>', 'the command (one argument is shell text; several are quoted word by word)')
    .option('--name <name>', 'lab name', DEFAULT_LAB_NAME)
    .option('--timeout <seconds>', 'kill the command after this many seconds', '300')
    .action(async (host: string, cmd: string[], o: { name: string; timeout: string }) => {
      const t = Number(o.timeout);
      if (!Number.isFinite(t) || t <= 0) throw new OptionsError(`lab exec: --timeout must be a positive number of seconds, not ${JSON.stringify(o.timeout)}`);
      const r = await impl.labExec(host, cmd.length === 1 ? cmd[0] : cmd, { name: o.name, timeoutMs: t * 1000 });
      io.out(r.stdout);
      io.err(r.stderr);
      io.setExitCode(r.rc);
    });
  return lab;
}

/**
 * Fake machinectl, nsenter, systemd-run and systemd-nspawn for the guest-exec tests: they record
 * their arguments and run the part after `--` on this machine, so the host command built by
 * guestExec is executed for real by /bin/sh (quoting, stdin, stdout/stderr, exit codes).
 * FAKE_LEADER (environment) is the Leader PID machinectl reports; unset means "not running".
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface FakeTools {
  dir: string;
  bin: string;
  images: string;
  /** Argument lines recorded by the fakes (one "TOOL ARGS..." line per call). */
  calls(): Promise<string[]>;
  cleanup(): Promise<void>;
}

const RUN_AFTER_DASHES = 'while [ $# -gt 0 ] && [ "$1" != -- ]; do shift; done; shift; exec "$@"';

export async function fakeGuestTools(): Promise<FakeTools> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-guest-exec-'));
  const bin = path.join(dir, 'bin');
  const images = path.join(dir, 'images');
  const log = path.join(dir, 'calls.log');
  await fs.mkdir(bin);
  await fs.mkdir(images);
  const tool = async (name: string, body: string) => {
    const p = path.join(bin, name);
    await fs.writeFile(p, `#!/bin/sh\necho "${name} $*" >> '${log}'\n${body}\n`);
    await fs.chmod(p, 0o755);
  };
  await tool('machinectl', 'if [ -n "$FAKE_LEADER" ]; then echo "$FAKE_LEADER"; else echo "Could not get path to machine: No machine $2 known" >&2; exit 1; fi');
  await tool('nsenter', RUN_AFTER_DASHES);
  await tool('systemd-run', RUN_AFTER_DASHES);
  await tool('systemd-nspawn', RUN_AFTER_DASHES);
  return {
    dir,
    bin,
    images,
    calls: async () => (await fs.readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean),
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

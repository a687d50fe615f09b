/**
 * Stopping one lab host's container while leaving its network namespace, mount and files in place:
 * the host becomes unreachable as a crashed server would (tests of UNREACHABLE use this). `lab up`
 * boots it again (fresh), `lab down` removes it.
 */
import { DEFAULT_LAB_NAME, LabError, addressPlan, checkLabName, hostIndex, labPaths, linkNames } from './config.js';
import { hostLayout, hostPid, stopContainer } from './host.js';
import { requireRoot } from './preflight.js';
import { readState } from './state.js';

/** Stops host `host` (e.g. "h2") of a lab. With `kill`, no clean power-off: SIGKILL at once. */
export async function labStopHost(host: string, opts: { name?: string; kill?: boolean } = {}): Promise<void> {
  const name = checkLabName(opts.name ?? DEFAULT_LAB_NAME);
  requireRoot();
  const paths = labPaths(name);
  const state = await readState(paths);
  const index = hostIndex(host);
  if (!state || index === undefined) throw new LabError(`lab ${name} has no host ${JSON.stringify(host)}`);
  const h = hostLayout(paths, linkNames(name), addressPlan(state.prefix), index);
  if (!(await hostPid(h))) throw new LabError(`${host} of lab ${name} is not running`);
  await stopContainer(h, opts.kill ? 0 : 15_000);
}

/**
 * Where machines live on the host (image directory, .nspawn file, unit name), the zod schema of a
 * machine name (systemd's rule, checkMachineName in transport/nspawn/names.ts, which the nspawn
 * connection shares) and the check-mode allowance for a machine an earlier task would make.
 */
import { z } from 'zod';
import { checkMachineName } from '../../../transport/nspawn/names.js';
import { checkedBy } from '../../kit/args.js';

export const MACHINES_DIR = '/var/lib/machines';
export const NSPAWN_DIR = '/etc/systemd/nspawn';

/** zod schema of a machine name (refused with systemd's reason). */
export const machineName = z.string({ invalid_type_error: 'expected a machine name (string)' }).superRefine(checkedBy(checkMachineName));

/** /var/lib/machines/NAME */
export function machineDir(name: string): string {
  return `${MACHINES_DIR}/${name}`;
}

/** /etc/systemd/nspawn/NAME.nspawn */
export function nspawnFile(name: string): string {
  return `${NSPAWN_DIR}/${name}.nspawn`;
}

/** systemd-nspawn@NAME.service */
export function machineUnit(name: string): string {
  return `systemd-nspawn@${name}.service`;
}

/**
 * Check mode on a fresh host: what this task works on (an image, the systemd-container package)
 * would be made by an earlier task of a real run. Reported as a change with a warning, as a real run
 * would make one, instead of failing.
 */
export function notThereYetInCheckMode(ctx: { warn(m: string): void }, what: string, result: Record<string, unknown> = {}): { changed: true; result: Record<string, unknown> } {
  ctx.warn(`check mode: ${what} does not exist yet (a real run makes it in an earlier task), so what this task would change cannot be read`);
  return { changed: true, result: { ...result, changed: true } };
}

/**
 * Machine names as systemd checks them (hostname_is_valid in src/basic/hostname-util.c, used by
 * machine_name_is_valid): 1-64 characters of ASCII letters, digits, '-' and '.', no label that is
 * empty or starts or ends with '-', no leading or trailing dot. ".host" (the host itself in
 * machinectl) is refused as a name to manage. A name that passes is safe as a file name in
 * /var/lib/machines and /etc/systemd/nspawn, and as a unit instance (systemd-nspawn@NAME.service).
 */
import { z } from 'zod';

export const MACHINES_DIR = '/var/lib/machines';
export const NSPAWN_DIR = '/etc/systemd/nspawn';

/** Why `name` is not a valid machine name (undefined when it is). */
export function checkMachineName(name: string): string | undefined {
  const why = (rule: string) => `invalid machine name ${JSON.stringify(name)}: ${rule}`;
  if (name.length === 0) return 'the machine name is empty';
  if (name === '.host') return why("'.host' is the host itself, not a machine");
  if (name.length > 64) return why('a machine name has at most 64 characters');
  let dot = true;
  let hyphen = true;
  for (const c of name) {
    if (c === '.') {
      if (dot || hyphen) return why("no empty label, and no '.' right after '-'");
      dot = true;
      hyphen = false;
    } else if (c === '-') {
      if (dot) return why("a name or label does not start with '-'");
      dot = false;
      hyphen = true;
    } else if (/^[A-Za-z0-9]$/.test(c)) {
      dot = false;
      hyphen = false;
    } else {
      return why(`only ASCII letters, digits, '-' and '.' are allowed (systemd's rule), not ${JSON.stringify(c)}`);
    }
  }
  if (dot) return why("a name does not end with '.'");
  if (hyphen) return why("a name or label does not end with '-'");
  return undefined;
}

/** zod schema of a machine name (refused with systemd's reason). */
export const machineName = z.string({ invalid_type_error: 'expected a machine name (string)' }).superRefine((v, c) => {
  const e = checkMachineName(v);
  if (e) c.addIssue({ code: 'custom', message: e });
});

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

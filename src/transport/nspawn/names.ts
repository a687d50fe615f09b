/**
 * Machine names as systemd checks them (hostname_is_valid in src/basic/hostname-util.c, used by
 * machine_name_is_valid): 1-64 characters of ASCII letters, digits, '-' and '.', no label that is
 * empty or starts or ends with '-', no leading or trailing dot. ".host" (the host itself in
 * machinectl) is refused as a name to manage. A name that passes is safe as a file name in
 * /var/lib/machines and /etc/systemd/nspawn, and as a unit instance (systemd-nspawn@NAME.service).
 * Also where machined looks for images. The nspawn connection needs both (the guest to enter and
 * where a stopped one is); the nspawn modules import them from here.
 */

/** Where machined looks for images (systemd's image search path), in its order. */
export const IMAGE_DIRS = ['/etc/machines', '/run/machines', '/var/lib/machines', '/usr/local/lib/machines', '/usr/lib/machines'];

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

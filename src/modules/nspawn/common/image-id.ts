/**
 * A fresh machine-id for a new or cloned image (guests sharing an id get equal MACs on
 * bridges and fight over one DHCP lease). The id is made on the host from the kernel's random UUID
 * (32 lowercase hex characters, the format of machine-id(5)) and written into the image's tree;
 * /var/lib/dbus/machine-id is made a link to it when it is a separate file.
 */
import { sh } from '../../../util/quote.js';
import { replaceFileScript } from './replace-file.js';

/** machine-id(5): 32 lowercase hexadecimal characters. */
export const MACHINE_ID = /^[0-9a-f]{32}$/;

export function isMachineId(v: string): boolean {
  return MACHINE_ID.test(v) && !/^0+$/.test(v);
}

/**
 * Shell text that writes a new machine-id into the tree at `root` (a directory path) and prints it
 * as a line `machine_id=ID`. Fails (non-zero) when the tree has no /etc.
 */
export function writeMachineIdScript(root: string): string {
  const etc = `${root.replace(/\/+$/, '')}/etc`;
  const file = `${etc}/machine-id`;
  const dbus = `${root.replace(/\/+$/, '')}/var/lib/dbus/machine-id`;
  return [
    sh`[ -d ${etc} ] && [ ! -L ${etc} ] || { echo ${`no /etc directory in ${root}`} >&2; exit 1; }`,
    `mid=$(tr -d '-' < /proc/sys/kernel/random/uuid)`,
    `case "$mid" in *[!0-9a-f]*|'') echo 'could not generate a machine-id' >&2; exit 1;; esac`,
    // a symlink at etc/machine-id would point into the host's tree: replace the link itself
    replaceFileScript(file, `printf '%s\\n' "$mid"`, '0444') + ' || exit 1',
    sh`if [ -f ${dbus} ] && [ ! -L ${dbus} ]; then ln -sf /etc/machine-id ${dbus}; fi`,
    `echo "machine_id=$mid"`,
  ].join('\n');
}

/** The id printed by writeMachineIdScript (last `machine_id=` line), if any. */
export function parseMachineIdLine(out: string): string | undefined {
  const m = [...out.matchAll(/^machine_id=([0-9a-f]{32})$/gm)].pop();
  return m?.[1];
}

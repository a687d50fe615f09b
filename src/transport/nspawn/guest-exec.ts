/**
 * Running a shell script inside guest NAME from its host, in ONE host command that decides on the
 * host whether the machine runs:
 *
 * - Running (machined knows a Leader PID): `nsenter -t LEADER -a -r -w` enters every namespace of
 *   the guest's init (user namespace included, so files written under PrivateUsers are owned by the
 *   guest's root, not by a host UID) and runs `/bin/sh -c SCRIPT` there. Chosen over
 *   `systemd-run -M NAME --pipe --wait` because it needs no dbus inside the guest (minbase images
 *   often lack it), keeps stdin, stdout and stderr as three separate streams, passes the exit code
 *   through unchanged, and costs no D-Bus round trips. The environment is reset to a clean one
 *   (PATH of the guest's usual directories, HOME=/root) so nothing of the SSH session (LANG, SSH_*,
 *   the host's PATH) leaks in; the working directory is the guest's /. The process stays in the
 *   host session's cgroup and keeps the host's capability set within the guest's user namespace
 *   (what `machinectl shell` gives too); services it starts are started by the guest's systemd.
 *   Hosts without nsenter fall back to `systemd-run -M NAME --wait --pipe --quiet` (needs dbus).
 * - Stopped (a directory image in a machine image directory): `systemd-nspawn -q -D DIR --pipe
 *   --as-pid2 --settings=no --register=no --keep-unit`, with no .nspawn settings (no boot, binds or
 *   bridges), nothing written into the image by nspawn itself (--resolv-conf=off, --timezone=off,
 *   --link-journal=no) and the HOST's network (no --private-network: apt inside a stopped guest
 *   reaches its mirror or proxy the way the host does). An image whose root directory is owned by a
 *   non-zero UID was shifted by PrivateUsers (the first start with -U chowns the tree to a picked
 *   UID range): it runs with --private-users=UID:65536 so files written there get the shifted owner
 *   the guest will see as its own. nspawn locks the image, so a machine started meanwhile makes the
 *   command fail instead of sharing the tree.
 *
 * The script sees MACHINIST_GUEST_STATE=running or stopped in its environment.
 *
 * When the script cannot run, the host command prints `MARKER STATE` on stderr and exits with
 * GUEST_UNAVAILABLE_RC; STATE is `not-running` (stopped while `running: 'require'`), `missing`
 * or `raw` (a stopped raw disk image). parseGuestUnavailable reads it back.
 */
import { randomBytes } from 'node:crypto';
import { quote, sh } from '../../util/quote.js';
import { checkMachineName, IMAGE_DIRS } from './names.js';

/** The exit code of the host command when the guest could not be entered. */
export const GUEST_UNAVAILABLE_RC = 254;

/** The environment a script starts with inside the guest. */
export const GUEST_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root USER=root LOGNAME=root SHELL=/bin/sh';

export interface GuestExecOptions {
  /** 'require': a stopped guest is refused (`not-running`); 'any': a stopped one runs under systemd-nspawn. */
  running: 'require' | 'any';
  /** The stderr marker of an unavailable guest (default: a fresh random one). */
  marker?: string;
  /** PATH on the host (default the system directories; tests put fake tools first). */
  hostPath?: string;
  /** Where stopped images are looked for (default systemd's machine image directories). */
  imageDirs?: string[];
}

const HOST_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface GuestCommand {
  /** Shell text for the host's /bin/sh (run it as root on the host). */
  command: string;
  /** The marker parseGuestUnavailable looks for. */
  marker: string;
}

export type GuestUnavailable = 'not-running' | 'missing' | 'raw';

export function newGuestMarker(): string {
  return `machinist-guest-${randomBytes(8).toString('hex')}`;
}

/** The host command that runs `script` inside machine `name` (script stdin/stdout/stderr/rc kept). */
export function guestExec(name: string, script: string, opts: GuestExecOptions): GuestCommand {
  const bad = checkMachineName(name);
  if (bad) throw new Error(bad);
  const marker = opts.marker ?? newGuestMarker();
  if (!/^[A-Za-z0-9_-]+$/.test(marker)) throw new Error(`bad guest marker ${marker}`);
  const unavailable = (state: GuestUnavailable) => `{ echo "${marker} ${state}" >&2; exit ${GUEST_UNAVAILABLE_RC}; }`;
  const env = (state: string) => `/usr/bin/env -i ${GUEST_ENV} MACHINIST_GUEST_STATE=${state}`;
  const lines = [
    sh`PATH=${opts.hostPath ?? HOST_PATH}; export PATH`,
    sh`m=${name}; s=${script}`,
    'l=$(machinectl show "$m" -p Leader --value 2>/dev/null) || l=',
    'if [ -n "$l" ] && [ "$l" != 0 ] && [ -d "/proc/$l/root" ]; then',
    `  if command -v nsenter >/dev/null 2>&1; then exec nsenter -t "$l" -a -r -w -- ${env('running')} /bin/sh -c "$s"; fi`,
    `  exec systemd-run -M "$m" --wait --pipe --quiet --collect -- ${env('running')} /bin/sh -c "$s"`,
    'fi',
  ];
  if (opts.running === 'require') {
    lines.push(unavailable('not-running'));
  } else {
    lines.push(
      'd=',
      sh`for i in ${opts.imageDirs ?? IMAGE_DIRS}; do`,
      '  if [ -d "$i/$m" ]; then d="$i/$m"; break; fi',
      `  if [ -e "$i/$m.raw" ]; then ${unavailable('raw')}; fi`,
      'done',
      `[ -n "$d" ] || ${unavailable('missing')}`,
      'u=$(stat -L -c %u "$d/") || exit 1',
      'if [ "$u" = 0 ]; then pu=no; else pu="$u:65536"; fi',
      'exec systemd-nspawn -q -D "$d" --pipe --as-pid2 --settings=no --register=no --keep-unit --private-users="$pu" ' +
        `--resolv-conf=off --timezone=off --link-journal=no -- ${env('stopped')} /bin/sh -c "$s"`,
    );
  }
  return { command: lines.join('\n') + '\n', marker };
}

/** Why the guest could not be entered, from the host command's result (undefined: it ran). */
export function parseGuestUnavailable(rc: number, stderr: string, marker: string): GuestUnavailable | undefined {
  if (rc !== GUEST_UNAVAILABLE_RC) return undefined;
  const m = new RegExp(`(?:^|\\n)${marker} (not-running|missing|raw)\\n?$`).exec(stderr);
  return m ? (m[1] as GuestUnavailable) : undefined;
}

/** Shell text running `inner` as `user` inside the guest (root: as is; others: runuser, su, sudo). */
export function asGuestUser(inner: string, user: string): string {
  if (user === 'root') return inner;
  if (!/^[a-z_][a-z0-9_.-]*\$?$/i.test(user) || user.length > 64) throw new Error(`invalid become user ${JSON.stringify(user)}: expected a user name`);
  const q = quote(inner);
  const u = quote(user);
  return [
    `if command -v runuser >/dev/null 2>&1; then exec runuser -u ${u} -- /bin/sh -c ${q}`,
    `elif command -v su >/dev/null 2>&1; then exec su -s /bin/sh ${u} -c ${q}`,
    `elif command -v sudo >/dev/null 2>&1; then exec sudo -n -H -u ${u} /bin/sh -c ${q}`,
    `else echo "cannot become ${user.replace(/[^A-Za-z0-9_.$-]/g, '')} inside the guest: no runuser, su or sudo" >&2; exit 1; fi`,
  ].join('\n');
}

/**
 * machine_config arguments: what is checked before any host is contacted. root_password is a
 * crypt(3) hash only (a plain-text password is refused, never stored or shown); authorized keys are
 * single lines with a known key type; package names, time zones and TERM values are refused unless
 * they are plain names (they end up in files and commands inside the guest).
 */
import { z } from 'zod';
import { machineName } from '../common/names.js';
import { boolish, checkedBy, hostnameArg, stringList } from '../../kit/args.js';

/** Why `v` is not a crypt(3) hash as /etc/shadow holds it (undefined when it is one). */
export function checkPasswordHash(v: string): string | undefined {
  const plain = 'root_password must be a crypt(3) hash (e.g. from `mkpasswd -m yescrypt` or `openssl passwd -6`), not a plain-text password';
  if (/[:\s\0]/.test(v)) return plain;
  if (v === '!' || v === '*' || v === '!*') return undefined;
  const m = /^\$(y|gy|7|6|5|2[abxy]|1)\$(.+)$/.exec(v);
  if (!m) return plain;
  const rest = m[2];
  if (!/^[./A-Za-z0-9$=,]+$/.test(rest)) return plain;
  const parts = rest.split('$');
  const kind = m[1];
  const ok =
    kind === '6' || kind === '5'
      ? (parts.length === 2 || (parts.length === 3 && /^rounds=\d+$/.test(parts[0]))) && parts[parts.length - 1].length === (kind === '6' ? 86 : 43)
      : kind === 'y' || kind === 'gy' || kind === '7'
        ? parts.length === 3 && parts[2].length >= 32
        : kind.startsWith('2')
          ? parts.length === 2 && /^\d\d$/.test(parts[0]) && parts[1].length === 53
          : parts.length === 2 && parts[1].length === 22;
  return ok ? undefined : `root_password does not look like a complete ${kind === 'y' ? 'yescrypt' : `$${kind}$`} crypt hash: ${plain.replace('root_password must be', 'it must be')}`;
}

const KEY_TYPE = /(?:^|\s)(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp(?:256|384|521)|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)(?:-cert-v01@openssh\.com)?\s+[A-Za-z0-9+/]+={0,3}(?:\s|$)/;

export function checkAuthorizedKey(line: string): string | undefined {
  if (/[\r\n\0]/.test(line)) return 'an authorized key is one line';
  if (!KEY_TYPE.test(line.trim())) return `not an SSH public key line (expected "[options] TYPE BASE64 [comment]"): ${JSON.stringify(line.slice(0, 40))}`;
  return undefined;
}

const PACKAGE = /^[a-z0-9][a-z0-9+.-]+(?::[a-z0-9-]+)?$/;
const TIMEZONE = /^(?:[A-Za-z0-9_+-]+)(?:\/[A-Za-z0-9_+-]+)*$/;
const TERM_RE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

export const NETWORKS = ['networkd', 'ifupdown', 'none'] as const;

export const machineConfigSchema = z
  .object({
    name: machineName,
    hostname: hostnameArg.optional(),
    root_password: z.string().superRefine(checkedBy(checkPasswordHash)).optional(),
    root_authorized_keys: stringList.pipe(z.array(z.string().superRefine(checkedBy(checkAuthorizedKey)))).optional(),
    /** Only the given keys stay in /root/.ssh/authorized_keys (default: they are added). */
    root_authorized_keys_exclusive: boolish.default(false),
    network: z.enum(NETWORKS).optional(),
    packages: stringList.pipe(z.array(z.string().regex(PACKAGE, 'not a Debian package name'))).optional(),
    timezone: z
      .string()
      .regex(TIMEZONE, 'expected a time zone name like Europe/Berlin or UTC')
      .refine((v) => !v.split('/').includes('..'), 'expected a time zone name')
      .optional(),
    getty_term: z.string().regex(TERM_RE, 'expected a terminal type like xterm-256color').max(64).optional(),
    /** Terminals pts/0 .. pts/N-1 added to /etc/securetty when the guest has that file (true: 10). */
    securetty: z
      .preprocess((v) => (v === true || v === 'yes' || v === 'true' ? 10 : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number().int().min(1).max(64))
      .optional(),
  })
  .strict();

export type MachineConfigArgs = z.infer<typeof machineConfigSchema>;

/** Packages that provide a DHCP client ifupdown can use. */
export const DHCP_CLIENTS = ['isc-dhcp-client', 'dhcpcd-base', 'dhcpcd', 'udhcpc'];

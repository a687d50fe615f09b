/**
 * The bridge module's arguments: interface names as the kernel accepts them (checked before anything
 * reaches a shell or a file), IPv4 addresses and CIDRs, and the rules between them (static needs an
 * address; a gateway must be an address; keep/dhcp take no address).
 */
import { z } from 'zod';
import { boolish, checkedBy, nonNegative, stringList } from '../../kit/args.js';

/** Why `name` is not a usable interface name (the kernel's dev_valid_name, kept to a safe charset). */
export function checkIfName(name: string): string | undefined {
  if (name.length === 0) return 'the interface name is empty';
  if (name.length > 15) return `invalid interface name ${JSON.stringify(name)}: at most 15 characters`;
  if (name === '.' || name === '..') return `invalid interface name ${JSON.stringify(name)}`;
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith('-')) {
    return `invalid interface name ${JSON.stringify(name)}: only letters, digits, '_', '.' and '-' (not first)`;
  }
  return undefined;
}

export const ifName = z.string({ invalid_type_error: 'expected an interface name (string)' }).superRefine(checkedBy(checkIfName));

/** A dotted-quad IPv4 address. */
export function isIPv4(s: string): boolean {
  const p = s.split('.');
  return p.length === 4 && p.every((x) => /^(0|[1-9]\d{0,2})$/.test(x) && Number(x) <= 255);
}

export const ipv4 = z.string().refine(isIPv4, (v) => ({ message: `${JSON.stringify(v)} is not an IPv4 address` }));

/** An IPv4 address with its prefix length (10.0.0.5/24). */
export const ipv4Cidr = z.string().refine(
  (v) => {
    const m = /^([^/]+)\/(\d{1,2})$/.exec(v);
    return !!m && isIPv4(m[1]) && Number(m[2]) >= 1 && Number(m[2]) <= 32;
  },
  (v) => ({ message: `${JSON.stringify(v)} is not an IPv4 address with a prefix length (like 192.168.1.10/24)` }),
);

export const bridgeSchema = z
  .object({
    name: ifName.default('br0'),
    ports: stringList.pipe(z.array(ifName).min(1, 'ports is empty')).optional(),
    address: z.enum(['keep', 'dhcp', 'static']).default('keep'),
    ipv4_address: ipv4Cidr.optional(),
    gateway: ipv4.optional(),
    dns: stringList.pipe(z.array(ipv4)).optional(),
    backend: z.enum(['ifupdown', 'networkd']).default('ifupdown'),
    stp: boolish.default(false),
    forward_delay: nonNegative.pipe(z.number().int('forward_delay is a whole number of seconds').max(30)).default(0),
    confirm_timeout: nonNegative.pipe(z.number().int().min(5, 'confirm_timeout is at least 5 seconds').max(3600)).default(30),
    state: z.enum(['present', 'absent']).default('present'),
  })
  .strict()
  .superRefine((a, c) => {
    if (a.address === 'static' && a.ipv4_address === undefined) c.addIssue({ code: 'custom', path: ['ipv4_address'], message: 'address: static needs ipv4_address (CIDR, like 192.168.1.10/24)' });
    if (a.address !== 'static' && (a.ipv4_address !== undefined || a.gateway !== undefined)) {
      c.addIssue({ code: 'custom', path: ['address'], message: `ipv4_address and gateway go with address: static (address: ${a.address} takes them from the ${a.address === 'dhcp' ? 'DHCP server' : 'port'})` });
    }
    if (a.stp && a.forward_delay < 2) c.addIssue({ code: 'custom', path: ['forward_delay'], message: 'with stp on, the kernel needs forward_delay between 2 and 30 seconds' });
    if (a.ports?.includes(a.name)) c.addIssue({ code: 'custom', path: ['ports'], message: `the bridge ${a.name} cannot be its own port` });
  });

export type BridgeArgs = z.infer<typeof bridgeSchema>;

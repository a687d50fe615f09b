/**
 * setup / gather_facts: gather the host's facts in one round trip and return them as Ansible's setup
 * module does ({ansible_facts: {ansible_distribution: ...}}). Every subset is always gathered (one
 * script reads all of them); gather_subset is validated and reported, filter selects keys.
 */
import { z } from 'zod';
import { defineModule, type PlanModuleDef } from '../types.js';
import { gatherFacts, prefixFacts } from '../../facts/index.js';
import { builtinAliases, nonNegative, stringList } from '../kit/args.js';

const SUBSETS = new Set(['all', 'min', 'hardware', 'network', 'virtual', 'ohai', 'facter', 'all_ipv4_addresses', 'all_ipv6_addresses',
  'apparmor', 'architecture', 'caps', 'chroot', 'cmdline', 'date_time', 'default_ipv4', 'default_ipv6', 'devices',
  'distribution', 'distribution_major_version', 'distribution_release', 'distribution_version', 'dns', 'effective_group_ids',
  'effective_user_id', 'env', 'fips', 'interfaces', 'is_chroot', 'kernel', 'local', 'lsb', 'machine', 'machine_id',
  'mounts', 'os_family', 'pkg_mgr', 'platform', 'processor', 'processor_cores', 'processor_count', 'python', 'selinux',
  'service_mgr', 'ssh_host_key_dsa_public', 'ssh_host_key_ecdsa_public', 'ssh_host_key_ed25519_public',
  'ssh_host_key_rsa_public', 'ssh_host_pub_keys', 'ssh_pub_keys', 'system', 'system_capabilities',
  'system_capabilities_enforced', 'systemd', 'user', 'user_dir', 'user_gecos', 'user_gid', 'user_id', 'user_shell', 'user_uid']);

export const setupSchema = z
  .object({
    gather_subset: stringList.default(['all']),
    gather_timeout: nonNegative.default(10),
    filter: stringList.default([]),
  })
  .strict()
  .superRefine((a, c) => {
    for (const s of a.gather_subset) {
      const name = s.replace(/^!/, '');
      if (!SUBSETS.has(name)) c.addIssue({ code: 'custom', path: ['gather_subset'], message: `Bad subset '${s}' given to Ansible. gather_subset options allowed: all, min, hardware, network, virtual, ...` });
    }
  });

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${re}$`);
}

/** Keep the facts whose (ansible_-prefixed) name matches one of the fnmatch patterns. */
export function filterFacts(facts: Record<string, unknown>, patterns: string[]): Record<string, unknown> {
  if (patterns.length === 0) return facts;
  const res = patterns.map(globToRegExp);
  return Object.fromEntries(Object.entries(facts).filter(([k]) => res.some((r) => r.test(k) || r.test(k.replace(/^ansible_/, '')))));
}

function makeSetup(name: string): PlanModuleDef<typeof setupSchema> {
  return defineModule({
    name,
    aliases: builtinAliases(name),
    schema: setupSchema,
    async plan(args, ctx) {
      const timeoutMs = Math.max(1, args.gather_timeout) * 1000 + 5000;
      const facts = await gatherFacts(ctx.conn, { become: ctx.become, signal: ctx.signal, timeoutMs });
      const ansible_facts = filterFacts(prefixFacts(facts), args.filter);
      if (args.filter.length === 0) Object.assign(ansible_facts, { gather_subset: args.gather_subset, module_setup: true });
      return { changed: false, result: { changed: false, ansible_facts } };
    },
  });
}

export const setupModule = makeSetup('setup');
export const gatherFactsModule = makeSetup('gather_facts');

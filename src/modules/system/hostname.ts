/**
 * hostname: the host's name, permanent (/etc/hostname) and live. ONE round trip reads both and what
 * the host offers; the change is `hostnamectl set-hostname` where systemd runs (use: systemd), else
 * /etc/hostname written atomically and `hostname NAME` (use: debian). Names are checked (RFC 1123).
 */
import { z } from 'zod';
import { defineModule } from '../types.js';
import { sh } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { sectionMark, sections } from '../../util/sections.js';
import { builtinAliases, hostnameArg } from '../kit/args.js';
import { run } from '../kit/run.js';

export const hostnameSchema = z
  .object({
    name: hostnameArg,
    use: z.enum(['systemd', 'debian', 'generic']).optional(),
  })
  .strict();

export const HOSTNAME_PROBE = [
  sectionMark('current'),
  'hostname 2>/dev/null || cat /proc/sys/kernel/hostname',
  sectionMark('permanent'),
  'cat /etc/hostname 2>/dev/null || true',
  sectionMark('systemd'),
  'if [ -d /run/systemd/system ] && command -v hostnamectl >/dev/null 2>&1; then echo yes; else echo no; fi',
].join('\n') + '\n';

export interface HostnameState {
  current: string;
  permanent: string;
  systemd: boolean;
}

export function parseHostnameProbe(out: string): HostnameState {
  const s = sections(out);
  const permanent = (s.permanent ?? '').split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#')) ?? '';
  return { current: (s.current ?? '').trim(), permanent, systemd: (s.systemd ?? '').trim() === 'yes' };
}

/** The facts Ansible's hostname module returns for a name. */
export function hostnameFacts(name: string): Record<string, string> {
  const short = name.split('.')[0];
  const domain = name.includes('.') ? name.slice(name.indexOf('.') + 1) : '';
  return { ansible_hostname: short, ansible_nodename: name, ansible_fqdn: name, ansible_domain: domain };
}

export const hostnameModule = defineModule({
  name: 'hostname',
  aliases: builtinAliases('hostname'),
  schema: hostnameSchema,
  async plan(args, ctx) {
    const r = await ctx.exec(HOSTNAME_PROBE);
    if (r.rc !== 0) throw new ModuleFailure(`could not read the host name: ${r.stderr.trim()}`);
    const st = parseHostnameProbe(r.stdout);
    const name = args.name;
    const changed = st.current !== name || st.permanent !== name;
    const result = { changed, name, ansible_facts: hostnameFacts(name) };
    if (!changed) return { changed: false, result };
    const strategy = args.use === 'systemd' || (args.use === undefined && st.systemd) ? 'systemd' : 'file';
    if (strategy === 'systemd' && !st.systemd) throw new ModuleFailure('use=systemd: systemd (hostnamectl) is not running on this host');
    return {
      changed: true,
      diff: { before: `hostname = ${st.current}\n`, after: `hostname = ${name}\n` },
      result,
      apply: async () => {
        if (strategy === 'systemd') {
          await run(ctx, sh`hostnamectl set-hostname ${name}`, `Command failed: hostnamectl set-hostname ${name}`);
          return;
        }
        if (st.permanent !== name) await ctx.put('/etc/hostname', `${name}\n`, { mode: '0644' });
        if (st.current !== name) await run(ctx, sh`hostname ${name}`, `Command failed: hostname ${name}`);
      },
    };
  },
});

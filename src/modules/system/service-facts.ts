/**
 * service_facts: every systemd service as ansible_facts.services = {"name.service": {name, state,
 * status, source: 'systemd'}}, from ONE round trip: `systemctl list-units` (loaded units: state and
 * the bad statuses) and `systemctl list-unit-files` (enabled/disabled/static/masked), merged as
 * Ansible's systemd scanner merges them. Unit files that are not loaded are 'inactive'.
 */
import { z } from 'zod';
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { sectionMark, sections } from '../../util/sections.js';
import { builtinAliases } from '../kit/args.js';

export const serviceFactsSchema = z.object({}).strict();

export interface ServiceFact {
  name: string;
  state: string;
  status: string;
  source: 'systemd';
}

const BAD = ['not-found', 'masked', 'failed'];

export const SERVICE_FACTS_SCRIPT = [
  sectionMark('pid1'),
  'if [ -d /run/systemd/system ]; then echo systemd; else echo other; fi',
  sectionMark('units'),
  'systemctl list-units --all --type=service --no-legend --plain --no-pager 2>/dev/null',
  sectionMark('files'),
  'systemctl list-unit-files --type=service --no-legend --no-pager 2>/dev/null',
].join('\n') + '\n';

export function parseServiceFacts(units: string, files: string): Record<string, ServiceFact> {
  const services: Record<string, ServiceFact> = {};
  for (const line of units.split('\n')) {
    if (!line.includes('.service')) continue;
    const fields = line.trim().replace(/^●\s*/, '').split(/\s+/);
    if (fields.length < 4) continue;
    const bad = BAD.find((b) => fields.slice(0, 4).includes(b));
    const status = bad ?? fields[2];
    services[fields[0]] = { name: fields[0], state: fields[3] === 'running' ? 'running' : 'stopped', status, source: 'systemd' };
  }
  for (const line of files.split('\n')) {
    if (!line.includes('.service')) continue;
    const [name, status] = line.trim().split(/\s+/);
    if (!name || !status) continue;
    const s = services[name];
    if (!s) services[name] = { name, state: 'inactive', status, source: 'systemd' };
    else if (!BAD.includes(s.status)) s.status = status;
  }
  return services;
}

export const serviceFactsModule = defineModule({
  name: 'service_facts',
  aliases: builtinAliases('service_facts'),
  schema: serviceFactsSchema,
  async plan(_args, ctx) {
    const r = await ctx.exec(SERVICE_FACTS_SCRIPT, { env: { LC_ALL: 'C' } });
    const s = sections(r.stdout);
    if ((s.pid1 ?? '').trim() !== 'systemd') {
      throw new ModuleFailure('Failed to find any services. This can be due to privileges or some other configuration issue: systemd is not running on this host');
    }
    const services = parseServiceFacts(s.units ?? '', s.files ?? '');
    return { changed: false, result: { changed: false, ansible_facts: { services } } };
  },
});

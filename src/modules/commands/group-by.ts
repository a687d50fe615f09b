/**
 * group_by and add_host: controller-side changes to the run's inventory, as Ansible's action plugins
 * and its InventoryManager (add_dynamic_group, add_dynamic_host). The module returns Ansible's result
 * fields (add_group/parent_groups, add_host) and is changed when the inventory changed. add_host
 * runs once per task, for the first host (the engine: Ansible's BYPASS_HOST_LOOP).
 */
import { z } from 'zod';
import { ModuleFailure } from '../../util/errors.js';
import { builtinAliases, stringish } from '../kit/args.js';
import { defineModule, type ModuleContext } from '../types.js';

function controller(ctx: ModuleContext): NonNullable<ModuleContext['controller']> {
  if (!ctx.controller) throw new ModuleFailure('this module changes the inventory on the controller: not available here');
  return ctx.controller;
}

const names = z.union([stringish, z.array(stringish)]);

export const groupByModule = defineModule({
  name: 'group_by',
  aliases: builtinAliases('group_by'),
  schema: z
    .object({ key: stringish.optional(), parents: names.default(['all']) })
    .superRefine((a, c) => {
      if (a.key === undefined) c.addIssue({ code: 'custom', message: "the 'key' param is required when using group_by" });
    }),
  runsOn: 'controller',
  async plan(a, ctx) {
    const group = String(a.key).replace(/ /g, '-');
    const parents = (typeof a.parents === 'string' ? [a.parents] : a.parents).map((p) => p.replace(/ /g, '-'));
    const changed = controller(ctx).addGroup(group, parents);
    return { changed, result: { changed, add_group: group, parent_groups: parents } };
  },
});

const SPECIAL = new Set(['name', 'hostname', 'host', 'groupname', 'groups', 'group']);

/** Ansible's parse_address for add_host's name: "host:port" and "[v6]:port" carry a port. */
export function splitAddress(s: string): [string, number | undefined] {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(s) ?? /^([^:]+):(\d+)$/.exec(s);
  return m ? [m[1], m[2] !== undefined ? Number(m[2]) : undefined] : [s, undefined];
}

export const addHostModule = defineModule({
  name: 'add_host',
  aliases: builtinAliases('add_host'),
  schema: z
    .object({ name: stringish.optional(), hostname: stringish.optional(), host: stringish.optional() })
    .passthrough()
    .superRefine((a, c) => {
      if (a.name === undefined && a.hostname === undefined && a.host === undefined) c.addIssue({ code: 'custom', message: 'name, host or hostname needs to be provided' });
    }),
  runsOn: 'controller',
  async plan(a, ctx) {
    const args = a as Record<string, unknown>;
    const [name, port] = splitAddress(String(a.name ?? a.hostname ?? a.host));
    const vars: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(args)) if (!SPECIAL.has(k) && k !== '_raw_params') vars[k] = v;
    if (port !== undefined) vars.ansible_ssh_port = port;
    const g = args.groupname ?? args.groups ?? args.group ?? '';
    if (g && typeof g !== 'string' && !Array.isArray(g)) throw new ModuleFailure('Groups must be specified as a list.');
    const groups: string[] = [];
    for (const x of typeof g === 'string' ? (g ? g.split(',') : []) : (g as unknown[]).map(String)) if (!groups.includes(x.trim())) groups.push(x.trim());
    const changed = controller(ctx).addHost(name, groups, vars);
    return { changed, result: { changed, add_host: { host_name: name, groups, host_vars: vars } } };
  },
});

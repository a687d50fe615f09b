/** `machinist play PLAYBOOK... -i INVENTORY`: the ansible-playbook of machinist. */
import type { Command } from 'commander';
import { groupsVar, loadInventory, selectHosts } from '../inventory/index.js';
import type { Inventory } from '../inventory/types.js';
import { loadPlaybook } from '../playbook/index.js';
import type { Playbook, TaskNode } from '../playbook/types.js';
import { checkedPlayPattern, expandRoles, roleName, runPlaybooks } from '../engine/index.js';
import { formatLocated, problemsOf, ValidationError, ValidationErrors } from '../util/errors.js';
import { addConnectionOptions, collect, type CommonOptions } from './common.js';
import { parseExtraVars } from './extra-vars.js';
import { runWithView } from './run-view.js';
import { useVaultOptions } from './vault-options.js';

interface PlayOptions extends CommonOptions {
  check?: boolean;
  diff?: boolean;
  extraVars: string[];
  tags: string[];
  skipTags: string[];
  startAtTask?: string;
  syntaxCheck?: boolean;
  listHosts?: boolean;
  listTasks?: boolean;
}

const tagList = (v: string, prev: string[]) => [...prev, ...v.split(',').map((t) => t.trim()).filter(Boolean)];

export function registerPlay(program: Command): void {
  const cmd = program
    .command('play')
    .description('run playbooks against the hosts of an inventory')
    .argument('<playbook...>', 'playbook files');
  addConnectionOptions(cmd)
    .option('-C, --check', 'check mode: change nothing, report what would change')
    .option('-D, --diff', 'show the differences in changed files')
    .option('-e, --extra-vars <vars>', 'k=v pairs, a JSON/YAML object or @file (repeatable)', collect, [])
    .option('-t, --tags <tags>', 'only run tasks with these tags (repeatable, comma-separated)', tagList, [])
    .option('--skip-tags <tags>', 'skip tasks with these tags', tagList, [])
    .option('--start-at-task <name>', 'start at the task with this name')
    .option('--syntax-check', 'validate the playbooks and inventory, contact nothing')
    .option('--list-hosts', 'list the hosts each play would run on')
    .option('--list-tasks', 'list the tasks each play would run')
    .action(async (files: string[], o: PlayOptions) => {
      process.exitCode = await play(files, o);
    });
}

async function loadAll(files: string[], extraVars: Record<string, unknown>): Promise<Playbook[]> {
  const errors: ValidationError[] = [];
  const books: Playbook[] = [];
  for (const f of files) {
    try {
      books.push(await expandRoles(await loadPlaybook(f), extraVars));
    } catch (e) {
      errors.push(...problemsOf(e));
    }
  }
  if (errors.length) throw new ValidationErrors(errors);
  return books;
}

/** What loading found that does not refuse the playbooks (e.g. a filter machinist lacks), each once, before anything runs. */
function printLoadWarnings(books: Playbook[]): void {
  const shown = new Set<string>();
  for (const w of books.flatMap((b) => b.warnings ?? [])) {
    const text = formatLocated(w);
    if (shown.has(text)) continue;
    shown.add(text);
    process.stderr.write(`[WARNING]: ${text}\n`);
  }
}

async function play(files: string[], o: PlayOptions): Promise<number> {
  await useVaultOptions(o);
  const extraVars = await parseExtraVars(o.extraVars);
  // validate everything before any host is contacted
  const [books, inventory] = await Promise.all([
    loadAll(files, extraVars),
    o.inventory.length || !o.syntaxCheck ? loadInventory(o.inventory) : Promise.resolve(undefined),
  ]);
  printLoadWarnings(books);
  if (o.syntaxCheck) {
    for (const b of books) process.stdout.write(`\nplaybook: ${b.file}\n`);
    return 0;
  }
  if (o.listHosts || o.listTasks) {
    listPlays(books, inventory!, o, extraVars);
    return 0;
  }
  return runWithView('play', o, (shared) =>
    runPlaybooks({
      ...shared,
      playbooks: books,
      inventory: inventory!,
      extraVars,
      tags: o.tags,
      skipTags: o.skipTags,
      startAtTask: o.startAtTask,
    }),
  );
}

function listPlays(books: Playbook[], inv: Inventory, o: PlayOptions, extraVars: Record<string, unknown>): void {
  const out: string[] = [];
  const groups = groupsVar(inv);
  for (const b of books) {
    out.push('', `playbook: ${b.file}`);
    b.plays.forEach((p, i) => {
      const pattern = checkedPlayPattern(p, extraVars, groups);
      out.push('', `  play #${i + 1} (${pattern}): ${p.name ?? pattern}\tTAGS: [${p.tags.join(', ')}]`);
      if (o.listHosts) {
        const { hosts } = selectHosts(inv, pattern, o.limit);
        out.push(`    pattern: ['${pattern}']`, `    hosts (${hosts.length}):`, ...hosts.map((h) => `      ${h}`));
      }
      if (o.listTasks) {
        out.push('    tasks:');
        for (const section of [p.preTasks, p.tasks, p.postTasks]) listTasks(section, out, '      ');
      }
    });
  }
  process.stdout.write(out.join('\n') + '\n');
}

function listTasks(nodes: TaskNode[], out: string[], indent: string): void {
  for (const n of nodes) {
    if (n.kind === 'block') {
      for (const part of [n.block, n.rescue, n.always]) listTasks(part, out, indent);
    } else if (n.kind === 'task') {
      const role = roleName(n.roleDir);
      out.push(`${indent}${role ? `${role} : ` : ''}${n.name ?? n.module}\tTAGS: [${n.tags.join(', ')}]`);
    } else if (n.kind === 'include_tasks') {
      out.push(`${indent}${n.name ?? `${n.role ? 'include_role' : 'include_tasks'}: ${n.file}`}\tTAGS: [${n.tags.join(', ')}]`);
      if (n.tasks) listTasks(n.tasks, out, indent);
    }
  }
}

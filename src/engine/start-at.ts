/**
 * --start-at-task checked before any host is contacted. The run starts at the first task whose name
 * ("role : name" for a role's task, the module for an unnamed one) or written name equals the
 * pattern or matches it as a glob (task-across-hosts.ts's `selected`), among the tasks the tags select, the
 * facts gathering ("Gathering Facts") and the include tasks themselves; as in Ansible, tasks inside
 * an include_tasks/include_role are not candidates (only imported ones are). When no play has such
 * a task, ansible-playbook runs every play with no task in it and then prints `No matching task "X"
 * found`; machinist refuses the option instead, before anything runs (an OptionsError, exit 5),
 * with the near name. A task that exists but that the run never reaches (its play matched no host)
 * is reported by a warning at the end of the run.
 */
import type { Play, TaskNode } from '../playbook/types.js';
import { OptionsError, nearest } from '../util/errors.js';
import { taskName, type PlayCtx } from './context.js';
import { playLevelVars } from './host-vars.js';
import type { RunOptions } from './options.js';
import { shouldRunTags } from './tags.js';
import { matchesStartAt } from './task-across-hosts.js';

interface Names {
  /** Names the run can start at. */
  startable: string[];
  /** Names only inside includes (for the message). */
  included: string[];
}

function collect(play: Play, opts: RunOptions, out: Names): void {
  const vars = playLevelVars({ play, run: { opts } } as Pick<PlayCtx, 'play' | 'run'>);
  const tagsOk = (tags: string[]) => shouldRunTags([...new Set(tags)], opts.tags, opts.skipTags);
  if (play.gatherFacts !== false && tagsOk([...play.tags, 'always'])) out.startable.push('Gathering Facts');
  const walk = (nodes: TaskNode[], scopeTags: string[], into: string[]) => {
    for (const n of nodes) {
      const tags = [...scopeTags, ...n.tags];
      if (n.kind === 'block') for (const part of [n.block, n.rescue, n.always]) walk(part, tags, into);
      else if (n.kind === 'task') {
        if (tagsOk(tags)) into.push(...names(taskName(n, vars), n.name));
      } else if (n.kind === 'include_tasks') {
        if (tagsOk(tags)) into.push(...names(n.name ?? (n.role ? 'include_role' : 'include_tasks'), n.name));
        if (n.tasks) walk(n.tasks, tags, out.included);
      }
    }
  };
  for (const section of [play.preTasks, play.tasks, play.postTasks]) walk(section, play.tags, out.startable);
}

function names(shown: string, written: string | undefined): string[] {
  return written !== undefined && written !== shown ? [shown, written] : [shown];
}

/** Throws an OptionsError when --start-at-task names no task the run could start at. */
export function checkStartAt(opts: RunOptions): void {
  const pattern = opts.startAtTask;
  if (!pattern) return;
  const found: Names = { startable: [], included: [] };
  for (const book of opts.playbooks) for (const play of book.plays) collect(play, opts, found);
  if (found.startable.some((n) => matchesStartAt(n, pattern))) return;
  const tagged = opts.tags.length || opts.skipTags.length ? ' that the tags select' : '';
  let why = `no task${tagged} has this name (Ansible: No matching task "${pattern}" found)`;
  if (found.included.some((n) => matchesStartAt(n, pattern))) why += `; it is inside an include_tasks or include_role, and only imported tasks can be started at, as in Ansible`;
  else {
    const near = nearest(pattern, new Set(found.startable.filter((n) => n !== 'Gathering Facts')));
    if (near) why += `; did you mean '${near}'?`;
  }
  throw new OptionsError(`--start-at-task '${pattern}': ${why}; nothing was contacted`);
}

/** The end-of-run warning when the task exists but was never reached (so nothing after it ran). */
export function startAtNotReached(pattern: string): string {
  return `--start-at-task '${pattern}': the run never reached that task (its play had no host left), so no task ran (Ansible: No matching task "${pattern}" found)`;
}

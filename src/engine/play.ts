/**
 * One play: select and order its hosts, split them into serial batches, and for each batch gather
 * facts, run pre_tasks, tasks and post_tasks with a handler flush after each, as Ansible does.
 */
import { selectHosts } from '../inventory/index.js';
import { STRATEGIES, strategyName } from '../playbook/play.js';
import type { Play, Playbook, Task } from '../playbook/types.js';
import { renderValue } from '../template/index.js';
import { orderHosts, playPattern, serialBatches } from './batches.js';
import { settings } from '../config/index.js';
import { isActive, kwBool, stopped, taskInfo, type PlayCtx, type RunCtx } from './context.js';
import { HandlerState } from './handlers.js';
import { playLevelVars } from './host-vars.js';
import { HostStates } from './host-states.js';
import { flushHandlers, rootScope, runNodes } from './strategy.js';
import { runTask } from './task-across-hosts.js';
import { loadPlayVarsFiles } from './vars-files.js';
import type { Vars } from './vars.js';

export interface PlayOutcome {
  /** Every host of a batch failed: Ansible ends the playbook run here. */
  stopRun: boolean;
  /** any_errors_fatal or max_fail_percentage stopped the play (ansible-playbook then exits 2, even with unreachable hosts). */
  failedBreak?: boolean;
}

function handlerNames(play: Play, vars: Vars): string[] {
  return play.handlers.map((h) => {
    if (!h.name || !h.name.includes('{{')) return h.name ?? '';
    try {
      return String(renderValue(h.name, vars));
    } catch {
      return h.name;
    }
  });
}

function gatherTask(play: Play): Task {
  return {
    kind: 'task', name: 'Gathering Facts', module: 'gather_facts', args: {}, loc: play.loc, dir: play.dir, tags: ['always'], notify: [], listen: [],
  };
}

async function loadVarsFiles(pc: PlayCtx, host: string, cache: Map<string, Promise<Vars>>): Promise<void> {
  pc.varsFiles.set(host, await loadPlayVarsFiles(pc, host, cache));
}

async function prepareBatch(pc: PlayCtx, cache: Map<string, Promise<Vars>>): Promise<void> {
  if (!pc.play.varsFiles.length) return;
  const info = taskInfo(pc.run, 'vars_files', 'include_vars', pc.play, false);
  let started = false;
  for (const h of pc.batch) {
    try {
      await loadVarsFiles(pc, h, cache);
    } catch (e) {
      if (!started) pc.run.emit({ type: 'task_start', task: info, hosts: pc.batch });
      started = true;
      pc.run.stats.record(h, { status: 'failed' });
      pc.run.emit({ type: 'host_task_result', host: h, task: info, status: 'failed', result: { changed: false, failed: true, msg: (e as Error).message }, durationMs: 0 });
      pc.hosts.failInBatch(h);
      pc.hosts.fail(h);
    }
  }
  if (started) pc.run.emit({ type: 'task_end', task: info });
}

async function section(pc: PlayCtx, nodes: Play['tasks'], free: boolean): Promise<void> {
  if (stopped(pc)) return;
  // failures at the top level are marked as they happen (runNodes)
  const live = pc.batch.filter((h) => isActive(pc, h));
  // free: each host goes through the list on its own, not waiting for the others (handlers still flush after)
  if (free) await Promise.all(live.map((h) => runNodes(pc, nodes, [h], rootScope(pc))));
  else await runNodes(pc, nodes, live, rootScope(pc));
  if (!pc.run.signal.aborted && !pc.aborted && !pc.endPlay) await flushHandlers(pc, pc.batch);
}

/** The play's strategy rendered with the play's vars and extra vars (Ansible's error for an unknown one). */
function playStrategy(play: Play, vars: Vars): string {
  const v = play.strategy === undefined ? settings().get<string>('DEFAULT_STRATEGY') : String(renderValue(play.strategy, vars));
  const name = strategyName(v);
  if (!name) throw new Error(`Invalid play strategy specified: ${v} (machinist runs: ${STRATEGIES.join(', ')})`);
  return name;
}

export async function runPlay(run: RunCtx, book: Playbook, play: Play): Promise<PlayOutcome> {
  const pvars = { ...play.vars, ...run.opts.extraVars };
  let pattern = play.hosts;
  let hosts: string[];
  let batches: string[][];
  let free = false;
  try {
    pattern = playPattern(play, run.opts.extraVars, run.groups);
    const sel = selectHosts(run.inv, pattern, run.opts.limit);
    for (const w of sel.warnings) run.emit({ type: 'warning', message: w });
    hosts = orderHosts(sel.hosts.filter((h) => !run.failed.has(h) && !run.unreachable.has(h)), play.order);
    batches = serialBatches(hosts, play.serial);
    free = playStrategy(play, pvars) !== 'linear';
  } catch (e) {
    // found only now (the pattern or serial is a template): the play cannot run, the run stops as Ansible's would
    const where = play.loc ? `${play.loc.file}:${play.loc.line}:${play.loc.col}: ` : '';
    run.emit({ type: 'warning', message: `${where}play ${JSON.stringify(play.name ?? play.hosts)} not run: ${(e as Error).message}` });
    return { stopRun: true };
  }
  let name = play.name ?? pattern;
  if (name.includes('{{')) {
    try {
      name = String(renderValue(name, pvars));
    } catch {
      /* shown as written */
    }
  }
  const pc: PlayCtx = {
    run, book, play, id: run.nextId('play'), name,
    extraDirs: run.varsDirs.has(book.dir) ? [run.varsDirs.get(book.dir)!] : [],
    hostsAll: hosts, batch: [], hosts: new HostStates(run, (h) => pc.handlers.dropHost(h)),
    endPlay: false, endBatch: false, aborted: false, invVars: new Map(), varsFiles: new Map(),
    handlers: new HandlerState(play.handlers),
  };
  pc.handlers = new HandlerState(play.handlers, handlerNames(play, playLevelVars(pc)));
  run.emit({ type: 'play_start', play: { id: pc.id, name, hosts } });
  const outcome: PlayOutcome = { stopRun: false };
  const varsFileCache = new Map<string, Promise<Vars>>();

  for (const batch of batches) {
    if (pc.endPlay || pc.aborted || run.signal.aborted) break;
    pc.batch = batch;
    pc.hosts.newBatch();
    pc.endBatch = false;
    run.emit({ type: 'batch_start', hosts: batch });
    await prepareBatch(pc, varsFileCache);

    let gather: boolean | undefined = true;
    try {
      gather = kwBool(play.gatherFacts, playLevelVars(pc));
    } catch (e) {
      run.emit({ type: 'warning', message: `gather_facts: ${(e as Error).message}` });
    }
    const gathering = settings().get<string>('DEFAULT_GATHERING');
    // Ansible's play iterator: implicit gathers unless the play says no, explicit only when it says yes,
    // smart as implicit but only hosts whose facts this run has not gathered yet
    if (gathering === 'explicit' ? gather === true : gather !== false) {
      const live = batch.filter((h) => isActive(pc, h) && !(gathering === 'smart' && run.gathered.has(h)));
      const failed = await runTask(pc, gatherTask(play), live, rootScope(pc));
      for (const h of failed) pc.hosts.fail(h);
      for (const h of live) if (!failed.has(h) && isActive(pc, h)) run.gathered.add(h);
    }
    await section(pc, play.preTasks, free);
    await section(pc, play.tasks, free);
    await section(pc, play.postTasks, free);

    const gone = batch.filter((h) => pc.hosts.isGone(h)).length;
    if (!run.signal.aborted && batch.length > 0 && gone === batch.length) {
      if (!pc.aborted) run.emit({ type: 'no_more_hosts', play: { id: pc.id, name }, reason: 'all_failed' });
      outcome.stopRun = true;
      break;
    }
    if (pc.aborted) {
      outcome.stopRun = true;
      break;
    }
  }
  run.emit({ type: 'play_end', play: { id: pc.id, name } });
  if (pc.aborted) outcome.failedBreak = true;
  return outcome;
}

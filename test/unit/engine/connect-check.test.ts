/**
 * Before any host is contacted, the hosts a run targets are checked for the literal connection
 * values their inventory fixes (an ansible_port of 'abc'): a targeted host whose value in effect has
 * such a problem refuses the run (ValidationErrors at the value's place, naming the hosts); a host
 * the run does not target, or one that never reads the value (a local connection), or one whose
 * value the play or -e overrides, does not. The plays here contact nothing (no tasks that connect).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPlaybooks } from '../../../src/engine/index.js';
import { loadInventory } from '../../../src/inventory/index.js';
import type { Play, Playbook, Task } from '../../../src/playbook/types.js';
import { formatLocated, ValidationErrors } from '../../../src/util/errors.js';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-connect-check-'));
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const INVENTORY = [
  '[web]',
  'web1 ansible_host=10.0.0.1 ansible_port=abc',
  'web2 ansible_host=10.0.0.2',
  '[db]',
  'db1 ansible_host=10.0.0.3',
  '[lb]',
  'lb1 ansible_connection=local ansible_port=abc ansible_timeout=soon',
  '[cache]',
  'cache1',
  'cache2',
  '[cache:vars]',
  'ansible_port=99999',
  '',
].join('\n');

const loc = { file: 'site.yml', line: 1, col: 3 };
const setFact = (args: Record<string, unknown>): Task => ({ kind: 'task', module: 'set_fact', args, loc, dir: '.', tags: [], notify: [], listen: [] });
const debug = (vars?: Record<string, unknown>): Task => ({ kind: 'task', module: 'debug', args: { msg: 'x' }, loc, dir: '.', tags: [], notify: [], listen: [], ...(vars ? { vars } : {}) });

interface Case {
  what: string;
  hosts: string;
  limit?: string;
  vars?: Record<string, unknown>;
  extraVars?: Record<string, unknown>;
  tasks?: Task[];
  /** The refusal (first line of each error, then its hint), or [] when the run goes on. */
  refused: string[];
}

async function run(c: Case): Promise<string[]> {
  const file = path.join(dir, 'hosts.ini');
  await fs.writeFile(file, INVENTORY);
  const inventory = await loadInventory([file]);
  const play: Play = {
    hosts: c.hosts, loc, dir: '.', tags: [], varsFiles: [], gatherFacts: false, serial: [], order: 'inventory',
    preTasks: [], tasks: c.tasks ?? [], postTasks: [], handlers: [], ...(c.vars ? { vars: c.vars } : {}),
  };
  const book: Playbook = { file: 'site.yml', dir: '.', plays: [play] };
  try {
    await runPlaybooks({
      playbooks: [book], inventory, limit: c.limit, extraVars: c.extraVars ?? {}, check: false, diff: false, tags: [], skipTags: [], forks: 5,
      conn: { knownHostsFiles: [], sshConfigFile: '' }, signal: new AbortController().signal, emit: () => undefined,
    });
  } catch (e) {
    if (!(e instanceof ValidationErrors)) throw e;
    return e.errors.map((err) => {
      const lines = formatLocated(err).replaceAll(dir + path.sep, '').split('\n');
      return `${lines[0]} | ${lines.at(-1)!.trim()}`;
    });
  }
  return [];
}

const WEB1 = 'hosts.ini:2:41: ansible_port must be a port number from 1 to 65535, not "abc"';
const CACHE = 'hosts.ini:12:14: ansible_port must be a port number from 1 to 65535, not "99999"';

describe('a literal bad connection value refuses a run only on a host it targets', () => {
  it.each<Case>([
    { what: 'a play on other hosts', hosts: 'db', refused: [] },
    { what: 'a play on the host', hosts: 'web', refused: [`${WEB1} | the value in effect for host web1, which this run targets`] },
    { what: 'a play on all: every problem once, with its hosts', hosts: 'all', refused: [`${WEB1} | the value in effect for host web1, which this run targets`, `${CACHE} | the value in effect for hosts cache1, cache2, which this run targets`] },
    { what: '--limit leaves the host out', hosts: 'web', limit: 'web2', refused: [] },
    { what: 'a pattern that leaves the host out', hosts: 'web:!web1', refused: [] },
    { what: 'hosts: rendered from -e', hosts: '{{ target }}', extraVars: { target: 'cache' }, refused: [`${CACHE} | the value in effect for hosts cache1, cache2, which this run targets`] },
    { what: 'a local connection reads no port nor timeout', hosts: 'lb', refused: [] },
    { what: 'the play vars override the value', hosts: 'web1', vars: { ansible_port: 2222 }, refused: [] },
    { what: '-e overrides the value', hosts: 'web1', extraVars: { ansible_port: '2222' }, refused: [] },
    { what: 'a set_fact of the play may set it before a task connects', hosts: 'web1', tasks: [setFact({ ansible_port: 2222 })], refused: [] },
    { what: "a task's vars set it for that task", hosts: 'web1', tasks: [debug({ ansible_port: 2222 })], refused: [] },
    { what: 'a play setting other variables', hosts: 'web1', vars: { ansible_user: 'deploy' }, tasks: [setFact({ x: 1 })], refused: [`${WEB1} | the value in effect for host web1, which this run targets`] },
  ])('$what', async (c) => {
    expect(await run(c)).toEqual(c.refused);
  });
});

/**
 * Hosts reaching an include share one include when file and item are equal (Ansible's
 * IncludedFile.__eq__ in process_include_results); a host reaching the same item again gets its own,
 * after the first. The order of the includes is the order they were first reached.
 */
import { describe, expect, it } from 'vitest';
import { addToRuns, type IncludeRun } from '../../../src/engine/include-tasks.js';

/** Reach includes in order: [host, key]; returns "key:hosts" per include. */
function reach(steps: Array<[string, string]>): string[] {
  const runs: IncludeRun[] = [];
  for (const [host, key] of steps) addToRuns(runs, { file: key, key }, host);
  return runs.map((r) => `${r.key}:${r.hosts.join(',')}`);
}

describe('addToRuns', () => {
  it.each<[string, Array<[string, string]>, string[]]>([
    ['one file for every host', [['h1', 'a'], ['h2', 'a']], ['a:h1,h2']],
    ['different files apart', [['h1', 'a'], ['h2', 'b']], ['a:h1', 'b:h2']],
    ['the same item twice: a second include', [['h1', 'a'], ['h1', 'a'], ['h1', 'b']], ['a:h1', 'a:h1', 'b:h1']],
    ['another host joins the first equal include it is not in', [['h1', 'a'], ['h1', 'a'], ['h2', 'a'], ['h2', 'a']], ['a:h1,h2', 'a:h1,h2']],
    ['per-host items merge by item', [['h1', '1'], ['h1', '2'], ['h2', '2'], ['h2', '3']], ['1:h1', '2:h1,h2', '3:h2']],
    ['a later duplicate goes after the includes between', [['h1', 'a'], ['h1', 'b'], ['h1', 'a'], ['h2', 'b'], ['h2', 'a']], ['a:h1,h2', 'b:h1,h2', 'a:h1']],
  ])('%s', (_what, steps, expected) => {
    expect(reach(steps)).toEqual(expected);
  });
});

/** loop, with_items, with_list and loop_control. */
import { describe, expect, it } from 'vitest';
import './test-modules.js';
import { loadPlaybookText } from '../../../src/playbook/index.js';
import { play, problems } from './helpers.js';

describe('loops', () => {
  it.each([
    ['with_list: [[1, 2]]', { loop: [[1, 2]], loopWith: 'list' }],
    ['with_items: one', { loop: 'one', loopWith: 'items' }],
    ['with_dict: {a: 1}', { loop: { a: 1 }, loopWith: 'dict' }],
    ['with_sequence: start=1 end=3', { loop: 'start=1 end=3', loopWith: 'sequence' }],
    ['with_first_found: [{files: [a.yml], skip: true}]', { loop: [{ files: ['a.yml'], skip: true }], loopWith: 'first_found' }],
    ['with_subelements: ["{{ users }}", keys]', { loop: ['{{ users }}', 'keys'], loopWith: 'subelements' }],
    ['loop: [1]\n  loop_control: {loop_var: "{{ name }}"}', { loop: [1], loopControl: { loopVar: '{{ name }}' } }],
  ])('%s is kept as written, for its lookup', async (written, expected) => {
    const book = await loadPlaybookText(play(`- t_command: echo {{ item }}\n  ${written}`), 'site.yml');
    expect(book.plays[0].tasks[0]).toMatchObject(expected);
  });

  it('a with_ of a lookup machinist lacks, and one of no lookup at all', async () => {
    expect(await problems(play('- t_command: ls\n  with_ini: x\n- t_command: ls\n  with_itemz: [1]'))).toMatch(
      /site\.yml:4:7: 'with_ini' is not supported: machinist has no lookup 'ini' \(its with_ loops: with_dict, .*with_items.*\)[^]*site\.yml:6:7: 'with_itemz' is not supported/,
    );
  });

  it('loop_control defaults loop_var to item', async () => {
    const book = await loadPlaybookText(play('- t_command: echo {{ item }}\n  loop: [1]\n  loop_control:\n    label: "{{ item }}"'), 'site.yml');
    expect(book.plays[0].tasks[0]).toMatchObject({ loopControl: { loopVar: 'item', label: '{{ item }}' } });
  });

  it.each([
    ['extended: yes', { extended: true }],
    ['extended: true, extended_allitems: no', { extended: true, extendedAllitems: false }],
    ['extended: "{{ ext }}"', { extended: '{{ ext }}' }],
  ])('loop_control %s', async (setting, expected) => {
    const book = await loadPlaybookText(play(`- t_command: ls\n  loop: [1]\n  loop_control: {${setting}}`), 'site.yml');
    expect(book.plays[0].tasks[0]).toMatchObject({ loopControl: expected });
  });
});

describe('loop problems, as shown', () => {
  it('bad loop_control settings are each reported', async () => {
    const text = play('- t_command: echo {{ x }}\n  loop: [1]\n  loop_control:\n    loop_vr: x\n    pause: soon\n- t_command: ls\n  loop_control: fast');
    expect(await problems(text)).toMatchInlineSnapshot(`
      "site.yml:6:9: 'loop_vr' is not a loop_control setting (known: loop_var, label, index_var, pause, extended, extended_allitems)
        6 |         loop_vr: x
          |         ^
        did you mean 'loop_var'?

      site.yml:7:16: 'loop_control.pause' must be a number of at least 0, got the string 'soon'
        7 |         pause: soon
          |                ^

      site.yml:9:21: 'loop_control' must be a mapping (keys: loop_var, label, index_var, pause, extended, extended_allitems), got the string 'fast'
        9 |       loop_control: fast
          |                     ^"
    `);
  });
  it('a loop that is not a list, and two loops', async () => {
    expect(await problems(play('- t_command: ls\n  loop: abc\n- t_command: ls\n  loop: [1]\n  with_items: [2]'))).toMatchInlineSnapshot(`
      "site.yml:4:13: 'loop' must be a list, or a template that renders to a list (e.g. "{{ users }}"), got the string 'abc'
        4 |       loop: abc
          |             ^

      site.yml:7:7: 'with_items' cannot be used together with 'loop': a task has one loop
        7 |       with_items: [2]
          |       ^"
    `);
  });

  it.each([
    ['extended: maybe', "'loop_control.extended' must be a boolean"],
    ['extended_allitems: [1]', "'loop_control.extended_allitems' must be a boolean"],
  ])('loop_control %s is refused', async (setting, message) => {
    expect(await problems(play(`- t_command: ls\n  loop: [1]\n  loop_control: {${setting}}`))).toContain(message);
  });
});

import { describe, expect, it } from 'vitest';
import { LoopError, aggregateLoop, itemsUnlessSkipped, loopInfo, loopItems, loopVarName, taskLoopItems } from '../../../src/engine/loop.js';
import { pyRepr, pyStr } from '../../../src/py/repr.js';

describe('loop labels', () => {
  it('prints items as Ansible does (Python str/repr)', () => {
    expect(pyStr('a b')).toBe('a b');
    expect(pyStr(3)).toBe('3');
    expect(pyStr({ name: 'x', n: 1, ok: true, none: null })).toBe("{'name': 'x', 'n': 1, 'ok': True, 'none': None}");
    expect(pyStr(['a', ["it's"]])).toBe(`['a', ["it's"]]`);
    expect(pyRepr('a\nb')).toBe("'a\\nb'");
  });
});

describe('loop items', () => {
  it('requires a list', () => {
    expect(loopItems([1, 2])).toEqual([1, 2]);
    expect(() => loopItems('abc')).toThrow(LoopError);
    expect(() => loopItems({ a: 1 })).toThrow(/requires a list/);
  });
});

describe('items whose template uses an undefined value (Ansible: the when decides)', () => {
  const unused = (): boolean => {
    throw new Error('when must not be evaluated');
  };
  const broken = (): boolean => {
    throw new Error('the when itself fails');
  };
  type Case = [string, { loop: unknown; loopWith?: string }, () => boolean, unknown];
  it.each<Case>([
    ['a defined loop ignores the when', { loop: '{{ xs }}' }, unused, [1, 2]],
    ['an undefined loop with a false when is skipped', { loop: '{{ baz }}' }, () => true, undefined],
    ['an undefined with_items term with a false when is skipped', { loopWith: 'items', loop: ['{{ baz }}'] }, () => true, undefined],
  ])('%s', (_name, node, whenFalse, want) => {
    expect(itemsUnlessSkipped(node, { xs: [1, 2] }, whenFalse)).toEqual(want);
  });
  it.each<Case>([
    ['a true when', { loop: '{{ baz }}' }, () => false, /'baz' is undefined/],
    ['a when that fails (the items error wins)', { loop: '{{ baz }}' }, broken, /'baz' is undefined/],
    ['an error other than an undefined value', { loop: '{{ 1 | bogus_filter }}' }, unused, /bogus_filter/],
    ['a loop that is not a list', { loop: 'abc' }, unused, /requires a list/],
  ])('fails with %s', (_name, node, whenFalse, want) => {
    expect(() => itemsUnlessSkipped(node, {}, whenFalse)).toThrow(want as RegExp);
  });
});

describe('loop aggregate result', () => {
  it('is changed when any item changed and failed when any failed', () => {
    const r = aggregateLoop([{ changed: false }, { changed: true }, { changed: false, failed: true }]);
    expect(r).toMatchObject({ changed: true, failed: true, msg: 'One or more items failed' });
    expect((r.results as unknown[]).length).toBe(3);
  });

  it('says All items completed and is skipped only when every item was', () => {
    expect(aggregateLoop([{ changed: false, skipped: true }, { changed: false }])).toMatchObject({ failed: false, msg: 'All items completed' });
    expect(aggregateLoop([{ changed: false, skipped: true }]).skipped).toBe(true);
    expect(aggregateLoop([{ changed: false }]).skipped).toBeUndefined();
  });

  it('skips an empty loop', () => {
    expect(aggregateLoop([])).toEqual({ changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] });
  });
});

describe('ansible_loop (loop_control.extended)', () => {
  it.each([
    [0, true, { allitems: ['a', 'b', 'c'], index: 1, index0: 0, revindex: 3, revindex0: 2, first: true, last: false, length: 3, nextitem: 'b' }],
    [1, true, { allitems: ['a', 'b', 'c'], index: 2, index0: 1, revindex: 2, revindex0: 1, first: false, last: false, length: 3, previtem: 'a', nextitem: 'c' }],
    [2, false, { index: 3, index0: 2, revindex: 1, revindex0: 0, first: false, last: true, length: 3, previtem: 'b' }],
  ])('item %i (allitems %s)', (i, allitems, expected) => {
    expect(loopInfo(['a', 'b', 'c'], i, allitems)).toEqual(expected);
  });
});

describe('loop_var and with_<lookup> items', () => {
  it.each([
    [undefined, 'item'],
    ['', 'item'],
    ['pkg', 'pkg'],
    ['{{ name }}', 'outer_item'],
  ])('loop_var %j is %s', (v, expected) => {
    expect(loopVarName(v, { name: 'outer_item' })).toBe(expected);
  });
  it.each([
    [{ loop: '{{ l }}' }, [[1, 2], 3]],
    [{ loop: '{{ l }}', loopWith: 'items' }, [1, 2, 3]],
    [{ loop: '{{ l }}', loopWith: 'list' }, [[1, 2], 3]],
    [{ loop: 'count=2', loopWith: 'sequence' }, ['1', '2']],
  ])('%j gives %j', (node, expected) => {
    expect(taskLoopItems(node, { l: [[1, 2], 3] })).toEqual(expected);
  });
});

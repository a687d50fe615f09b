import { describe, expect, it } from 'vitest';
import { HandlerState, missingHandlerMessage } from '../../../src/engine/handlers.js';
import type { Task } from '../../../src/playbook/types.js';

function handler(name: string, listen: string[] = []): Task {
  return { kind: 'task', name, module: 'debug', args: {}, loc: { file: 'p.yml', line: 1, col: 1 }, dir: '.', tags: [], notify: [], listen };
}

const all = () => true;

function drain(s: HandlerState, active: (h: string) => boolean = all) {
  const order: Array<[string, string[]]> = [];
  let from = 0;
  for (;;) {
    const n = s.next(from, active);
    if (!n) break;
    from = n.index + 1;
    order.push([s.handlers[n.index].name!, n.hosts]);
  }
  return order;
}

describe('handler notifications', () => {
  it('runs handlers in definition order, not notification order, once each', () => {
    const s = new HandlerState([handler('A'), handler('B'), handler('C')]);
    expect(s.notify('h1', 'C')).toBe(true);
    s.notify('h1', 'A');
    s.notify('h2', 'C');
    s.notify('h1', 'C');
    expect(drain(s)).toEqual([
      ['A', ['h1']],
      ['C', ['h1', 'h2']],
    ]);
    expect(drain(s)).toEqual([]);
  });

  it('reaches every listener of a topic, and a name before listeners', () => {
    const s = new HandlerState([handler('restart web', ['web']), handler('reload', ['web']), handler('other')]);
    expect(s.match('web')).toEqual([0, 1]);
    expect(s.match('reload')).toEqual([1]);
    expect(s.match('nothing')).toEqual([]);
  });

  it('answers to the rendered name', () => {
    const s = new HandlerState([{ ...handler('restart {{ svc }}') }], ['restart nginx']);
    expect(s.notify('h', 'restart nginx')).toBe(true);
    expect(drain(s)).toEqual([['restart {{ svc }}', ['h']]]);
  });

  it('reports an unknown handler and queues nothing', () => {
    const s = new HandlerState([handler('A')]);
    expect(s.notify('h', 'B')).toBe(false);
    expect(s.hasPending(all)).toBe(false);
    expect(missingHandlerMessage('B')).toContain("'B' was not found");
  });

  it('only runs on hosts still in the play', () => {
    const s = new HandlerState([handler('A')]);
    s.notify('h1', 'A');
    s.notify('h2', 'A');
    s.dropHost('h2');
    expect(s.hasPending((h) => h === 'h2')).toBe(false);
    expect(drain(s, (h) => h !== 'h3')).toEqual([['A', ['h1']]]);
  });
});

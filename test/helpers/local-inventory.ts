/** An inventory of one host, h1, on the local connection: engine tests that need no SSH. */
import type { Inventory } from '../../src/inventory/types.js';

export function inventory(): Inventory {
  return {
    sources: [],
    hosts: new Map([['h1', { name: 'h1', vars: { ansible_connection: 'local' } }]]),
    groups: new Map([
      ['all', { name: 'all', hosts: ['h1'], children: ['ungrouped'], vars: {} }],
      ['ungrouped', { name: 'ungrouped', hosts: ['h1'], children: [], vars: {} }],
    ]),
  };
}

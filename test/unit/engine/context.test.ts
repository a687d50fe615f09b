import { describe, expect, it } from 'vitest';
import { kwBool } from '../../../src/engine/context.js';

// A templated boolean keyword (become, ignore_errors, no_log, check_mode, ...) is read as Ansible's
// FieldAttribute(isa='bool') reads it: boolean(rendered value, strict=True). It used to accept only
// yes/true/on/y/1 and take everything else ('t', 2, 'maybe') as false.
describe('kwBool', () => {
  it.each<[boolean | string | undefined, Record<string, unknown>, boolean | undefined]>([
    [undefined, {}, undefined],
    [true, {}, true],
    ['{{ x }}', { x: true }, true],
    ['{{ x }}', { x: 't' }, true],
    ['{{ x }}', { x: ' Yes ' }, true],
    ['{{ x }}', { x: 1 }, true],
    ['{{ x }}', { x: 'F' }, false],
    ['{{ x }}', { x: 'off' }, false],
    ['{{ x }}', { x: 0 }, false],
    ['{{ x }}', { x: null }, false],
  ])('%j with %j is %s', (v, vars, b) => {
    expect(kwBool(v, vars)).toBe(b);
  });

  it.each<unknown>(['maybe', 2, '', ['yes']])('refuses a rendered %j with Ansible\'s message', (x) => {
    expect(() => kwBool('{{ x }}', { x })).toThrow(/^The value '.*' is not a valid boolean\.  Valid booleans include: /);
  });
});

import { describe, expect, it } from 'vitest';
import { BecomeError, resolveBecome } from '../../../src/engine/become.js';

describe('become resolution', () => {
  it('is off by default', () => {
    expect(resolveBecome({ layers: [], vars: {}, cli: {} })).toBeNull();
  });

  it('takes the CLI when nothing else says', () => {
    expect(resolveBecome({ layers: [], vars: {}, cli: { become: true, becomeUser: 'app', becomePassword: 'pw' } })).toEqual({ user: 'app', password: 'pw' });
  });

  it('lets inventory vars beat the CLI and keywords beat inventory vars (innermost first)', () => {
    const vars = { ansible_become: 'yes', ansible_become_user: 'invuser', ansible_become_password: 'invpw' };
    expect(resolveBecome({ layers: [], vars, cli: { become: false } })).toEqual({ user: 'invuser', password: 'invpw' });
    expect(resolveBecome({ layers: [{ become: false }], vars, cli: {} })).toBeNull();
    expect(resolveBecome({ layers: [{}, { becomeUser: 'blockuser' }, { become: true, becomeUser: 'playuser' }], vars: {}, cli: {} })).toEqual({ user: 'blockuser' });
    expect(resolveBecome({ layers: [{ become: true }, { become: false }], vars: {}, cli: {} })).toEqual({ user: 'root' });
  });

  it('refuses a user name that is not one', () => {
    expect(() => resolveBecome({ layers: [{ become: true, becomeUser: 'x; rm -rf /' }], vars: {}, cli: {} })).toThrow(BecomeError);
  });

  // Ansible reads ansible_become with boolean() (strict) when it is not None: 't' was taken as false,
  // a non-boolean as false, and None as false instead of leaving the keywords and the CLI to decide
  it.each<[unknown, boolean]>([
    ['t', true],
    ['Y', true],
    [1, true],
    [' On ', true],
    ['f', false],
    [0, false],
    ['no', false],
  ])('reads ansible_become %j as Ansible does (%s)', (v, on) => {
    expect(resolveBecome({ layers: [], vars: { ansible_become: v }, cli: { become: !on } }) !== null).toBe(on);
  });

  it.each<unknown>(['maybe', 2, '', [], {}])('refuses ansible_become %j with Ansible\'s message', (v) => {
    expect(() => resolveBecome({ layers: [], vars: { ansible_become: v }, cli: {} })).toThrow(/is not a valid boolean/);
  });

  it('leaves an ansible_become of None to the keywords and the command line', () => {
    expect(resolveBecome({ layers: [], vars: { ansible_become: null }, cli: { become: true } })).toEqual({ user: 'root' });
  });
});

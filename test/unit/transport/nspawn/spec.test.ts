import { describe, expect, it } from 'vitest';
import { connectionSpecFor } from '../../../../src/transport/spec.js';
import type { ConnOptions } from '../../../../src/transport/index.js';
import { ValidationError } from '../../../../src/util/errors.js';

const opts = (): ConnOptions => ({ knownHostsFiles: [], sshConfigFile: '' });
const spec = (vars: Record<string, unknown>, name = 'g1') => connectionSpecFor(name, vars, opts(), { sshConfigFile: '' });
const err = (vars: Record<string, unknown>, name = 'g1') => {
  try {
    spec(vars, name);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
};

describe('connectionSpecFor: nspawn guests', () => {
  it('accepts nspawn and its aliases, the machine from machinist_nspawn_machine, ansible_host or the name', () => {
    for (const c of ['nspawn', 'machinist.nspawn', 'community.general.machinectl']) {
      expect(spec({ ansible_connection: c, machinist_nspawn_host: 'h1' })).toMatchObject({ connection: 'nspawn', name: 'g1', user: 'root', nspawn: { host: 'h1', machine: 'g1' } });
    }
    expect(spec({ ansible_connection: 'nspawn', machinist_nspawn_host: 'h1', ansible_host: 'web1' }).nspawn).toEqual({ host: 'h1', machine: 'web1' });
    expect(spec({ ansible_connection: 'nspawn', machinist_nspawn_host: 'h1', ansible_host: 'web1', machinist_nspawn_machine: 'db.2' }).nspawn).toEqual({ host: 'h1', machine: 'db.2' });
  });

  it('keeps the guest become and ignores ssh settings such as ansible_user', () => {
    const s = spec({ ansible_connection: 'nspawn', machinist_nspawn_host: 'h1', ansible_user: 'admin', ansible_become: true, ansible_become_user: 'postgres' });
    expect(s.user).toBe('root');
    expect(s.become).toEqual({ user: 'postgres' });
  });

  it('refuses a guest without its host, naming itself, or with an invalid machine name', () => {
    expect(err({ ansible_connection: 'nspawn' }).message).toMatch(/host g1: ansible_connection nspawn needs machinist_nspawn_host/);
    expect(err({ ansible_connection: 'nspawn', machinist_nspawn_host: 'g1' }).message).toMatch(/names the guest itself/);
    expect(err({ ansible_connection: 'nspawn', machinist_nspawn_host: 'h1', ansible_host: '10.0.0.5;x' }).message).toMatch(/invalid machine name "10.0.0.5;x".*from ansible_host/);
    expect(err({ ansible_connection: 'nspawn', machinist_nspawn_host: 'h1' }, 'web_1').message).toMatch(/invalid machine name "web_1".*the inventory name/);
    expect(err({ ansible_connection: 'nspawn', machinist_nspawn_host: ['h1'] }).message).toMatch(/machinist_nspawn_host must be a string/);
    expect(err({ ansible_connection: 'nspawn', machinist_nspawn_host: 'h1 h2' }).message).toMatch(/not an inventory host name/);
  });

  it('suggests nspawn for a near miss', () => {
    expect(err({ ansible_connection: 'nspwan' }).hint).toBe("did you mean 'nspawn'?");
  });
});

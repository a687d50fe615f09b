import { describe, expect, it } from 'vitest';
import { nspawnSchema } from '../../../../../src/modules/nspawn/settings/settings-schema.js';
import { nspawnFileText } from '../../../../../src/modules/nspawn/settings/nspawn.js';
import { networkConflicts, virtualEthernetFor } from '../../../../../src/modules/nspawn/settings/settings-network.js';
import { privateUsersIn, privateUsersOff } from '../../../../../src/modules/nspawn/settings/settings-render.js';

function text(args: unknown): string {
  return nspawnFileText(nspawnSchema.parse(args));
}

describe('.nspawn rendering', () => {
  it('an empty list sets nothing (playbooks pass `item.binds | default([])`)', () => {
    const t = text({ name: 'web', exec: { Boot: true, Parameters: [], Capability: [] }, files: { Bind: [], BindReadOnly: [] }, network: { Bridge: 'br0', Port: [] } });
    expect(t).not.toMatch(/^(Parameters|Capability|Bind|BindReadOnly|Port)=/m);
    expect(t).toContain('[Network]\nVirtualEthernet=yes\nBridge=br0\n');
    expect(t).not.toContain('[Files]');
  });
  it('writes every kind of key: yes/no, lists on one line, repeated keys, quoted words', () => {
    const t = text({
      name: 'web',
      network: { Port: ['tcp:8080:80', 443], Bridge: 'br0' },
      files: { Bind: ['/srv/data:/data', '/etc/x:/etc/x:norbind'], ReadOnly: 'no', Volatile: 'state', PrivateUsersChown: 'yes' },
      exec: {
        Parameters: ['--log-level', 'debug mode', "it's"],
        Environment: { LANG: 'C.UTF-8', GREETING: 'hello world' },
        Boot: true,
        Capability: ['CAP_NET_ADMIN', 'CAP_SYS_TIME'],
        PrivateUsers: 'pick',
        LimitNOFILE: '1024:4096',
        ResolvConf: 'copy-host',
        CPUAffinity: '0 2-3',
      },
    });
    expect(t).toBe(
      [
        '# Managed by machinist: changes made here are overwritten on the next run.',
        '# VirtualEthernet= is written explicitly: systemd-nspawn@.service starts the machine with',
        '# --network-veth --settings=override, and any [Network] key in this file replaces the command',
        "# line's network settings as a whole; without VirtualEthernet= the veth link could be dropped.",
        '',
        '[Exec]',
        'Boot=yes',
        `Parameters=--log-level "debug mode" "it's"`,
        'Environment=LANG=C.UTF-8',
        'Environment="GREETING=hello world"',
        'Capability=CAP_NET_ADMIN CAP_SYS_TIME',
        'PrivateUsers=pick',
        'LimitNOFILE=1024:4096',
        'CPUAffinity=0 2-3',
        'ResolvConf=copy-host',
        '',
        '[Files]',
        'ReadOnly=no',
        'Volatile=state',
        'Bind=/srv/data:/data',
        'Bind=/etc/x:/etc/x:norbind',
        'PrivateUsersOwnership=chown',
        '',
        '[Network]',
        'VirtualEthernet=yes',
        'Bridge=br0',
        'Port=tcp:8080:80',
        'Port=443',
        '',
      ].join('\n'),
    );
  });

  it('is deterministic whatever order the keys are written in', () => {
    const a = text({ name: 'w', exec: { Boot: true, Hostname: 'web1' }, network: { Zone: 'lab', Private: true } });
    const b = text({ network: { private: true, zone: 'lab' }, exec: { hostname: 'web1', boot: 'yes' }, name: 'w' });
    expect(a).toBe(b);
    expect(a.indexOf('Boot=yes')).toBeLessThan(a.indexOf('Hostname=web1'));
    expect(a.indexOf('Private=yes')).toBeLessThan(a.indexOf('VirtualEthernet=yes'));
    expect(a.indexOf('VirtualEthernet=yes')).toBeLessThan(a.indexOf('Zone=lab'));
  });

  it('writes no [Network] section and no trap comment without network keys', () => {
    const t = text({ name: 'w', exec: { Boot: true } });
    expect(t).toBe('# Managed by machinist: changes made here are overwritten on the next run.\n\n[Exec]\nBoot=yes\n');
    expect(text({ name: 'w', network: {} })).not.toMatch(/\[Network\]/);
  });

  it('always writes VirtualEthernet= with any [Network] key (override trap)', () => {
    expect(text({ name: 'w', network: { Port: [80] } })).toMatch(/\[Network\]\nVirtualEthernet=yes\nPort=80\n$/);
    expect(text({ name: 'w', network: { Interface: 'eth1' } })).toMatch(/VirtualEthernet=yes/);
    expect(text({ name: 'w', network: { Interface: 'eth1', VirtualEthernet: false } })).toMatch(/\[Network\]\nVirtualEthernet=no\nInterface=eth1\n$/);
    expect(text({ name: 'w', network: { Private: false } })).toMatch(/\[Network\]\nPrivate=no\nVirtualEthernet=no\n$/);
    expect(virtualEthernetFor({ Bridge: 'br0' })).toBe('yes');
    expect(virtualEthernetFor({ Private: 'no' })).toBe('no');
    expect(virtualEthernetFor({ Private: 'no', VirtualEthernet: 'yes' })).toBe('yes');
    expect(networkConflicts({ Private: 'no', VirtualEthernet: 'yes' })).toEqual(['VirtualEthernet implies a private network (Private=yes), but Private is no']);
    expect(networkConflicts({ Zone: 'z', VirtualEthernetExtra: ['a'] })).toEqual([]);
  });

  it('reads PrivateUsers= back from a file', () => {
    expect(privateUsersIn('[Exec]\nBoot=yes\nPrivateUsers = no\n[Files]\nPrivateUsers=yes\n')).toBe('no');
    expect(privateUsersIn('[Network]\nPrivate=yes\n')).toBeUndefined();
    expect([privateUsersOff('no'), privateUsersOff('0'), privateUsersOff('pick'), privateUsersOff(undefined), privateUsersOff('65536')]).toEqual([true, true, false, false, false]);
  });
});

import { describe, expect, it } from 'vitest';
import { nspawnSchema, canonicalKey } from '../../../../../src/modules/nspawn/settings/settings-schema.js';
import { nspawnModule } from '../../../../../src/modules/nspawn/settings/nspawn.js';
import { validateArgs } from '../../../../../src/playbook/validate-args.js';

function parse(v: unknown) {
  return nspawnSchema.safeParse(v);
}
function messages(v: unknown): string[] {
  const r = parse(v);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('nspawn arguments', () => {
  it('maps snake_case and lowercase keys onto CamelCase', () => {
    expect(canonicalKey('virtual_ethernet', ['VirtualEthernet', 'Private'])).toBe('VirtualEthernet');
    expect(canonicalKey('macvlan', ['MACVLAN'])).toBe('MACVLAN');
    expect(canonicalKey('Virtual_Ethernet', ['VirtualEthernet'])).toBeUndefined();
    const r = parse({ name: 'web', Network: { virtual_ethernet_extra: 've-a:host1', bridge: 'br0' }, exec: { oom_score_adjust: '-100', limit_nofile: 1024 } });
    expect(r.success && r.data).toEqual({
      name: 'web',
      state: 'present',
      network: { VirtualEthernetExtra: ['ve-a:host1'], Bridge: 'br0' },
      exec: { OOMScoreAdjust: '-100', LimitNOFILE: '1024' },
    });
  });

  it('refuses unknown keys with the near name', () => {
    expect(messages({ name: 'web', network: { VirtualEthernt: true } })).toEqual(["network.VirtualEthernt: unknown key 'VirtualEthernt' in [Network] (did you mean 'VirtualEthernet'?)"]);
    expect(messages({ name: 'web', exec: { bot: true } })[0]).toMatch(/did you mean 'Boot'\?/);
    expect(messages({ name: 'web', files: { nonsense_key_here: 1 } })[0]).toMatch(/unknown key 'nonsense_key_here' in \[Files\] \(known keys: ReadOnly, Volatile/);
  });

  it('refuses a key given twice under two spellings', () => {
    expect(messages({ name: 'web', network: { Bridge: 'br0', bridge: 'br1' } })[0]).toMatch(/'Bridge' is given twice/);
  });

  it('reports a misspelt nested key at load time with the hint', () => {
    const problems = validateArgs(nspawnModule, { name: 'web', network: { Brige: 'br0' } });
    expect(problems).toHaveLength(1);
    expect(problems[0].key).toBe('network');
    expect(problems[0].message).toMatch(/unknown key 'Brige' in \[Network\] \(did you mean 'Bridge'\?\)/);
    const top = validateArgs(nspawnModule, { name: 'web', netwrk: {} });
    expect(top[0].hint).toBe("did you mean 'network'?");
  });

  it('refuses newline injection in every kind of value', () => {
    expect(messages({ name: 'web', exec: { User: 'root\n[Network]' } })[0]).toMatch(/newline/);
    expect(messages({ name: 'web', exec: { Parameters: 'a\nPrivate=no' } })[0]).toMatch(/newline/);
    expect(messages({ name: 'web', exec: { Parameters: ['ok', 'x\ny'] } }).length).toBeGreaterThan(0);
    expect(messages({ name: 'web', exec: { Environment: { A: 'x\n[Files]' } } })[0]).toMatch(/control characters/);
    expect(messages({ name: 'web', files: { Bind: ['/srv:/srv\nReadOnly=yes'] } }).length).toBe(1);
    expect(messages({ name: 'web', exec: { WorkingDirectory: '/srv\\' } }).length).toBe(1);
    expect(messages({ name: 'web', exec: { Hostname: 'a b' } }).length).toBe(1);
  });

  it('validates ports', () => {
    const ok = parse({ name: 'w', network: { Port: ['tcp:8080:80', 'udp:53', 443, '2222:22'] } });
    expect(ok.success && ok.data.network?.Port).toEqual(['tcp:8080:80', 'udp:53', '443', '2222:22']);
    for (const bad of ['tcp:0:80', 'sctp:80', '80:90:100', '70000', 'tcp:80-90', '80 ', 'tcp:']) {
      expect(messages({ name: 'w', network: { Port: [bad] } }).length, bad).toBeGreaterThan(0);
    }
  });

  it('validates enums, names and numbers', () => {
    expect(messages({ name: 'w', exec: { ResolvConf: 'copy-hots' } }).length).toBe(1);
    expect(messages({ name: 'w', exec: { Timezone: 'bind' }, files: { PrivateUsersOwnership: 'map' } })).toEqual([]);
    expect(messages({ name: 'w', exec: { OOMScoreAdjust: 1001 } }).length).toBe(1);
    expect(messages({ name: 'w', exec: { Environment: { '1BAD': 'x' } } })[0]).toMatch(/invalid environment variable name/);
    expect(messages({ name: 'w', exec: { Environment: ['NOEQUALS'] } })[0]).toMatch(/not NAME=VALUE/);
    expect(messages({ name: 'w', exec: { Capability: 'CAP_NET_ADMIN cap_sys_admin' } }).length).toBe(1);
    expect(messages({ name: 'w', exec: { MachineID: 'abc' } }).length).toBe(1);
    expect(messages({ name: 'w', network: { Bridge: 'a-very-long-bridge-name' } }).length).toBe(1);
    expect(messages({ name: 'w', network: { Zone: 'thirteenchars' } }).length).toBe(1);
    expect(messages({ name: 'bad name' }).length).toBe(1);
    expect(messages({ name: 'w', files: { Bind: ['relative:/x'] } }).length).toBe(1);
    expect(messages({ name: 'w', files: { Bind: ['/a:/b:rbind,idmap', '+/rel:/x'], Overlay: ['/lower:/upper:/dest', ':/dest2'] } })).toEqual([]);
  });

  it('takes PrivateUsers in all its forms', () => {
    const pu = (v: unknown) => {
      const r = parse({ name: 'w', exec: { PrivateUsers: v } });
      return r.success ? r.data.exec?.PrivateUsers : 'refused';
    };
    expect([pu(true), pu('no'), pu(0), pu('pick'), pu('identity'), pu(65536), pu('65536:65536'), pu('maybe'), pu('1:0')]).toEqual(['yes', 'no', 'no', 'pick', 'identity', '65536', '65536:65536', 'refused', 'refused']);
  });

  it('maps the older PrivateUsersChown onto PrivateUsersOwnership', () => {
    const r = parse({ name: 'w', files: { PrivateUsersChown: true } });
    expect(r.success && r.data.files).toEqual({ PrivateUsersOwnership: 'chown' });
    expect(messages({ name: 'w', files: { PrivateUsersChown: true, PrivateUsersOwnership: 'map' } })[0]).toMatch(/given twice/);
  });

  it('refuses contradictions of the network settings', () => {
    expect(messages({ name: 'w', network: { VirtualEthernet: false, Bridge: 'br0' } })[0]).toMatch(/Bridge needs the virtual Ethernet link, but VirtualEthernet is no/);
    expect(messages({ name: 'w', network: { Private: false, Port: [80] } }).join('\n')).toMatch(/Private is no/);
    expect(messages({ name: 'w', network: { Bridge: 'br0', Zone: 'z' } })[0]).toMatch(/cannot both be set/);
    expect(messages({ name: 'w', network: { VirtualEthernet: false, Interface: 'eth1' } })).toEqual([]);
  });
});

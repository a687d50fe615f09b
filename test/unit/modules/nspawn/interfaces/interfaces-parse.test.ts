import { describe, expect, it } from 'vitest';
import { ifacesOf, InterfacesError, parseInterfaces, renderInterfaces, setOption } from '../../../../../src/modules/nspawn/interfaces/interfaces-parse.js';
import { interfacesFileSchema } from '../../../../../src/modules/nspawn/interfaces/interfaces-file.js';

const FILE = `# interfaces(5) file used by ifup(8) and ifdown(8)
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback

# the primary interface
auto eth0
iface eth0 inet static
    address 192.168.0.10/24
    gateway 192.168.0.1   # the router
    up route add -net 10.10.10.0/24 gw 10.10.10.1 dev eth1
    post-up echo up

iface eth0 inet6 static
\taddress fd00::10/64

mapping eth1
    script /usr/local/sbin/map
    map home eth1-home
`;

function edit(text: string, iface: string, option: string, value: string | undefined, state: 'present' | 'absent' = 'present', family?: string) {
  const r = setOption(parseInterfaces(text), iface, option, value, state, family);
  return { changed: r.changed, text: renderInterfaces(r.lines), ifaces: ifacesOf(r.lines) };
}

describe('interfaces(5) parsing', () => {
  it('round-trips every line byte for byte (comments, source, mapping blocks, tabs, no final newline)', () => {
    expect(renderInterfaces(parseInterfaces(FILE))).toBe(FILE);
    const noNl = 'auto lo\niface lo inet loopback';
    expect(renderInterfaces(parseInterfaces(noNl))).toBe(noNl);
    expect(renderInterfaces(parseInterfaces(''))).toBe('');
  });
  it('tags stanzas and options; mapping lines are not options', () => {
    const lines = parseInterfaces(FILE);
    const opts = lines.filter((l) => l.type === 'option');
    expect(opts.map((o) => [o.iface, o.addressFamily, o.option, o.value])).toEqual([
      ['eth0', 'inet', 'address', '192.168.0.10/24'],
      ['eth0', 'inet', 'gateway', '192.168.0.1   # the router'],
      ['eth0', 'inet', 'up', 'route add -net 10.10.10.0/24 gw 10.10.10.1 dev eth1'],
      ['eth0', 'inet', 'post-up', 'echo up'],
      ['eth0', 'inet6', 'address', 'fd00::10/64'],
    ]);
  });
  it('ifaces as the module returns them: lists for up/down commands, a later stanza of the same name wins', () => {
    const ifaces = ifacesOf(parseInterfaces(FILE));
    expect(Object.keys(ifaces)).toEqual(['lo', 'eth0']);
    expect(ifaces.lo).toEqual({ 'pre-up': [], up: [], down: [], 'post-up': [], address_family: 'inet', method: 'loopback' });
    expect(ifaces.eth0).toEqual({ 'pre-up': [], up: [], down: [], 'post-up': [], address_family: 'inet6', method: 'static', address: 'fd00::10/64' });
    const v4 = ifacesOf(parseInterfaces(FILE.split('\niface eth0 inet6')[0]));
    expect(v4.eth0.up).toEqual(['route add -net 10.10.10.0/24 gw 10.10.10.1 dev eth1']);
    expect(v4.eth0['post-up']).toEqual(['echo up']);
    expect(v4.eth0.gateway).toBe('192.168.0.1   # the router');
  });
  it('an option before any stanza is misplaced (with its line number)', () => {
    expect(() => parseInterfaces('# x\n  address 1.2.3.4\n')).toThrow(new InterfacesError('misplaced option   address 1.2.3.4 in line 2'));
    // after auto/source lines an option-like line is kept as is, as the module does
    expect(renderInterfaces(parseInterfaces('auto eth0\n  mtu 9000\n'))).toBe('auto eth0\n  mtu 9000\n');
  });
});

describe('interfaces_file editing', () => {
  it('updates the value of an existing option in place, keeping the spacing', () => {
    const spaced = FILE.replace('    address 192.168.0.10/24', '    address\t 192.168.0.10/24 ');
    const r = edit(spaced, 'eth0', 'address', '192.168.0.11/24', 'present', 'inet');
    expect(r.changed).toBe(true);
    expect(r.text).toBe(spaced.replace('address\t 192.168.0.10/24 ', 'address\t 192.168.0.11/24 '));
    // interfaces(5) has comments only at the start of a line: the rest of an option line is its value
    const g = edit(FILE, 'eth0', 'gateway', '192.168.0.254', 'present', 'inet');
    expect(g.text).toBe(FILE.replace('gateway 192.168.0.1   # the router', 'gateway 192.168.0.254'));
  });
  it('the same value again changes nothing', () => {
    const r = edit(FILE, 'eth0', 'address', '192.168.0.10/24', 'present', 'inet');
    expect(r.changed).toBe(false);
    expect(r.text).toBe(FILE);
  });
  it('adds a missing option after the last line of the stanza with its indentation', () => {
    const r = edit(FILE, 'eth0', 'mtu', '8000', 'present', 'inet');
    expect(r.text).toContain('    post-up echo up\n    mtu 8000\n\niface eth0 inet6');
    expect(r.ifaces.eth0.method).toBe('static');
    // a stanza without options: indented by 4 spaces under the iface line
    const lo = edit(FILE, 'lo', 'mtu', '1500');
    expect(lo.text).toContain('iface lo inet loopback\n    mtu 1500\n');
  });
  it('without address_family the last stanza of that name gets the new option', () => {
    const r = edit(FILE, 'eth0', 'mtu', '8000');
    expect(r.text).toContain('\taddress fd00::10/64\n\tmtu 8000\n');
  });
  it('a last line without a newline does not get the new option glued to it', () => {
    const r = edit('iface eth1 inet dhcp', 'eth1', 'mtu', '9000');
    expect(r.text).toBe('iface eth1 inet dhcp\n    mtu 9000');
  });
  it('up/pre-up/post-up/down: a new command is added after the last one, an existing one is left alone', () => {
    const add = edit(FILE, 'eth0', 'up', 'ip route add 10.1.0.0/16 via 192.168.0.2', 'present', 'inet');
    expect(add.changed).toBe(true);
    expect(add.text).toContain('dev eth1\n    up ip route add 10.1.0.0/16 via 192.168.0.2\n    post-up echo up\n');
    const same = edit(FILE, 'eth0', 'up', 'route add -net 10.10.10.0/24 gw 10.10.10.1 dev eth1', 'present', 'inet');
    expect(same.changed).toBe(false);
  });
  it('absent removes every occurrence; for up/down commands only those with the value', () => {
    const twice = FILE.replace('    post-up echo up\n', '    post-up echo up\n    post-up echo two\n');
    const one = edit(twice, 'eth0', 'post-up', 'echo two', 'absent', 'inet');
    expect(one.text).toBe(FILE);
    const all = edit(twice, 'eth0', 'post-up', undefined, 'absent', 'inet');
    expect(all.text).not.toContain('post-up');
    const none = edit(FILE, 'eth0', 'mtu', undefined, 'absent');
    expect(none.changed).toBe(false);
    const addr = edit(FILE, 'eth0', 'address', undefined, 'absent');
    expect(addr.text).not.toContain('address');
  });
  it('option "method" changes the method on the iface line', () => {
    const r = edit(FILE, 'eth0', 'method', 'manual', 'present', 'inet');
    expect(r.text).toContain('iface eth0 inet manual\n    address 192.168.0.10/24');
    expect(r.text).toContain('iface eth0 inet6 static\n');
    expect(edit(FILE, 'eth0', 'method', 'static', 'present', 'inet').changed).toBe(false);
  });
  it('an unknown interface fails as the module does', () => {
    expect(() => edit(FILE, 'eth9', 'mtu', '1500')).toThrow('Error: interface eth9 not found');
    expect(() => edit(FILE, 'eth0', 'mtu', '1500', 'present', 'ipx')).toThrow('Error: interface eth0 not found');
  });
});

describe('interfaces_file arguments', () => {
  it('value is a string as Ansible makes it; option needs iface; present needs value', () => {
    expect(interfacesFileSchema.parse({ iface: 'eth1', option: 'mtu', value: 8000 }).value).toBe('8000');
    expect(interfacesFileSchema.parse({ iface: 'eth1', option: 'x', value: true }).value).toBe('True');
    expect(interfacesFileSchema.parse({}).dest).toBe('/etc/network/interfaces');
    expect(interfacesFileSchema.safeParse({ option: 'mtu', value: '1' }).error?.issues[0].message).toContain("required by 'option': iface");
    expect(interfacesFileSchema.safeParse({ iface: 'eth1', option: 'mtu' }).error?.issues[0].message).toBe("Value must be set if option is defined and state is 'present'");
    expect(interfacesFileSchema.safeParse({ iface: 'eth1', option: 'mtu', state: 'absent' }).success).toBe(true);
  });
  it('a value with a newline, or an option with a space, is refused (it would add lines to the file)', () => {
    expect(interfacesFileSchema.safeParse({ iface: 'eth1', option: 'mtu', value: '1500\nup reboot' }).success).toBe(false);
    expect(interfacesFileSchema.safeParse({ iface: 'eth1', option: 'up x', value: '1' }).success).toBe(false);
    expect(interfacesFileSchema.safeParse({ iface: 'eth 1', option: 'mtu', value: '1' }).success).toBe(false);
  });
});

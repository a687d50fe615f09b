import { describe, expect, it } from 'vitest';
import { ensureManualAndSource, portConfigured, portManual, sourcesInterfacesD } from '../../../../../src/modules/nspawn/bridge/bridge-render.js';

const FILE = `# The loopback network interface
auto lo
iface lo inet loopback

# The primary network interface
allow-hotplug eth0 eth1
iface eth0 inet static
\taddress 192.168.1.10
\tnetmask 255.255.255.0
\tgateway 192.168.1.1
\tdns-nameservers 192.168.1.1
\tmtu 9000
\tup echo eth0 is up
iface eth0 inet6 auto

iface eth1 inet dhcp
`;

describe('port stanzas for a bridge', () => {
  it('the port becomes inet manual: address options go, other options and comments stay, it leaves allow-hotplug', () => {
    expect(portManual(FILE, 'eth0')).toBe(`# The loopback network interface
auto lo
iface lo inet loopback

# The primary network interface
allow-hotplug eth1
iface eth0 inet manual
\tmtu 9000
\tup echo eth0 is up
iface eth0 inet6 auto

iface eth1 inet dhcp
`);
  });
  it('an auto line with only the port goes; running it twice changes nothing more', () => {
    const once = portManual('auto eth0\niface eth0 inet dhcp\n', 'eth0');
    expect(once).toBe('iface eth0 inet manual\n');
    expect(portManual(once, 'eth0')).toBe(once);
  });
  it('a port without a stanza gets one, and the source line is added when missing', () => {
    expect(ensureManualAndSource('auto lo\niface lo inet loopback', ['eth2'], true)).toBe('auto lo\niface lo inet loopback\n\niface eth2 inet manual\n\nsource /etc/network/interfaces.d/*\n');
    expect(ensureManualAndSource('source-directory interfaces.d\niface eth2 inet manual\n', ['eth2'], true)).toBe('source-directory interfaces.d\niface eth2 inet manual\n');
    expect(sourcesInterfacesD('source /etc/network/interfaces.d/*\n')).toBe(true);
    expect(sourcesInterfacesD('source /etc/network/other/*\n')).toBe(false);
  });
  it('absent: the manual stanza gets the address back, with auto', () => {
    expect(portConfigured('auto lo\niface lo inet loopback\n\niface eth0 inet manual\n', 'eth0', { method: 'static', address: '10.0.0.5/24', gateway: '10.0.0.1' })).toBe(
      'auto lo\niface lo inet loopback\n\nauto eth0\niface eth0 inet static\n    address 10.0.0.5/24\n    gateway 10.0.0.1\n',
    );
    // an existing allow-hotplug line is kept instead of adding auto
    expect(portConfigured('allow-hotplug eth0\niface eth0 inet manual\n', 'eth0', { method: 'dhcp' })).toBe('allow-hotplug eth0\niface eth0 inet dhcp\n');
    expect(portConfigured('auto lo\n', 'eth0', { method: 'dhcp' })).toBe('auto lo\n\nauto eth0\niface eth0 inet dhcp\n');
  });
});

/**
 * Distribution facts as Ansible names them, from /etc/os-release (and /etc/debian_version, which
 * Ansible uses for Debian's point release: distribution_version '12.7').
 */
import { keyValues, text, type Sections } from './sections.js';

/** os-release ID → Ansible's distribution name. */
const NAMES: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Ubuntu', raspbian: 'Debian', devuan: 'Devuan', linuxmint: 'Linux Mint', kali: 'Kali',
  fedora: 'Fedora', centos: 'CentOS', rhel: 'RedHat', rocky: 'Rocky', almalinux: 'AlmaLinux', ol: 'OracleLinux',
  amzn: 'Amazon', arch: 'Archlinux', manjaro: 'ManjaroLinux', alpine: 'Alpine', gentoo: 'Gentoo',
  opensuse: 'openSUSE', 'opensuse-leap': 'openSUSE Leap', 'opensuse-tumbleweed': 'openSUSE Tumbleweed', sles: 'SLES',
  void: 'Void', nixos: 'NixOS',
};

/** Ansible's distribution → os_family map (the rest are their own family). */
const FAMILY: Record<string, string> = {
  Debian: 'Debian', Ubuntu: 'Debian', Devuan: 'Debian', 'Linux Mint': 'Debian', Kali: 'Debian',
  Fedora: 'RedHat', CentOS: 'RedHat', RedHat: 'RedHat', Rocky: 'RedHat', AlmaLinux: 'RedHat', OracleLinux: 'RedHat', Amazon: 'RedHat',
  Archlinux: 'Archlinux', ManjaroLinux: 'Archlinux', Alpine: 'Alpine', Gentoo: 'Gentoo',
  openSUSE: 'Suse', 'openSUSE Leap': 'Suse', 'openSUSE Tumbleweed': 'Suse', SLES: 'Suse', Void: 'Void', NixOS: 'NixOS',
};

function titleCase(id: string): string {
  return id ? id[0].toUpperCase() + id.slice(1) : id;
}

export function distributionFacts(s: Sections, system: string): Record<string, unknown> {
  const os = keyValues(text(s, 'os_release'));
  const facts: Record<string, unknown> = {};
  if (!os.ID && !os.NAME) {
    facts.distribution = system || 'Unknown';
    facts.distribution_version = 'NA';
    facts.distribution_release = 'NA';
    facts.distribution_major_version = 'NA';
    facts.os_family = system || 'Unknown';
    return facts;
  }
  const id = (os.ID ?? '').toLowerCase();
  const name = NAMES[id] ?? titleCase(id || os.NAME);
  let version = os.VERSION_ID ?? '';
  let release = os.VERSION_CODENAME ?? os.UBUNTU_CODENAME ?? '';
  if (!release && os.PRETTY_NAME) release = /\(([^)]+?)\)/.exec(os.PRETTY_NAME)?.[1] ?? '';
  if (name === 'Debian') {
    const dv = text(s, 'debian_version').trim();
    const m = /^(\d+)\.(\d+)/.exec(dv);
    if (m) {
      version = `${m[1]}.${m[2]}`;
      facts.distribution_minor_version = m[2];
    } else if (os.DEBIAN_VERSION_FULL) version = os.DEBIAN_VERSION_FULL;
    else if (!version && dv) version = dv.includes('/') ? 'n/a' : dv;
  }
  facts.distribution = name;
  facts.distribution_version = version || 'NA';
  facts.distribution_major_version = version && version !== 'n/a' ? version.split('.')[0] : 'NA';
  if (!facts.distribution_minor_version && /^\d+\.\d+/.test(version)) facts.distribution_minor_version = version.split('.')[1];
  facts.distribution_release = release || 'NA';
  facts.os_family = FAMILY[name] ?? name;
  facts.distribution_file_variety = name === 'Debian' || FAMILY[name] === 'Debian' ? 'Debian' : name;
  const lsb = keyValues(text(s, 'lsb_release'));
  if (lsb.DISTRIB_ID) {
    facts.lsb = {
      id: lsb.DISTRIB_ID,
      release: lsb.DISTRIB_RELEASE,
      codename: lsb.DISTRIB_CODENAME,
      description: lsb.DISTRIB_DESCRIPTION,
      major_release: lsb.DISTRIB_RELEASE?.split('.')[0],
    };
  }
  return facts;
}

/** Ansible's pkg_mgr from the package tools found on the host and the os family. */
export function pkgMgr(found: string[], osFamily: string): string {
  const has = new Set(found);
  if (osFamily === 'Debian' && has.has('apt-get')) return 'apt';
  const order: Array<[string, string]> = [
    ['apt-get', 'apt'], ['dnf5', 'dnf5'], ['dnf', 'dnf'], ['yum', 'yum'], ['zypper', 'zypper'], ['pacman', 'pacman'],
    ['apk', 'apk'], ['emerge', 'portage'], ['xbps-install', 'xbps'], ['opkg', 'opkg'],
  ];
  for (const [bin, name] of order) if (has.has(bin)) return name;
  return 'unknown';
}

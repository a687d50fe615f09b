/**
 * The host's own Debian/Ubuntu archive, read from its apt sources, so `debootstrap` needs no mirror on
 * hosts behind a proxy or a local mirror. Both formats are parsed: one-line `.list` entries
 * (`deb [opts] URI SUITE COMPONENTS...`) and deb822 `.sources` stanzas (Types/URIs/Suites/Components,
 * `Enabled: no` skipped). The main archive is the first `deb` entry whose suite is a plain release
 * (not -security, -updates, -backports, -proposed ...) of the wanted distribution.
 */

export type Distribution = 'debian' | 'ubuntu' | 'arch';

/** Debian release codenames and aliases (debootstrap knows these). */
export const DEBIAN_SUITES = new Set([
  'buzz', 'rex', 'bo', 'hamm', 'slink', 'potato', 'woody', 'sarge', 'etch', 'lenny', 'squeeze', 'wheezy',
  'jessie', 'stretch', 'buster', 'bullseye', 'bookworm', 'trixie', 'forky', 'duke', 'sid',
  'stable', 'oldstable', 'oldoldstable', 'testing', 'unstable', 'experimental',
]);

/** Ubuntu release codenames. */
export const UBUNTU_SUITES = new Set([
  'warty', 'hoary', 'breezy', 'dapper', 'edgy', 'feisty', 'gutsy', 'hardy', 'intrepid', 'jaunty', 'karmic',
  'lucid', 'maverick', 'natty', 'oneiric', 'precise', 'quantal', 'raring', 'saucy', 'trusty', 'utopic',
  'vivid', 'wily', 'xenial', 'yakkety', 'zesty', 'artful', 'bionic', 'cosmic', 'disco', 'eoan', 'focal',
  'groovy', 'hirsute', 'impish', 'jammy', 'kinetic', 'lunar', 'mantic', 'noble', 'oracular', 'plucky',
  'questing', 'resolute',
]);

export const DEFAULT_MIRRORS: Record<Exclude<Distribution, 'arch'>, string> = {
  debian: 'http://deb.debian.org/debian',
  ubuntu: 'http://archive.ubuntu.com/ubuntu',
};

/** Distribution of a suite name: known Ubuntu codenames → ubuntu, everything else → debian. */
export function inferDistribution(suite: string): Distribution {
  return UBUNTU_SUITES.has(suite.toLowerCase()) ? 'ubuntu' : 'debian';
}

/** The release a suite entry belongs to, or undefined for pockets (-security, -updates, ...). */
export function releaseOf(suite: string): string | undefined {
  const s = suite.replace(/\/+$/, '');
  if (!/^[A-Za-z0-9][A-Za-z0-9._]*$/.test(s)) return undefined;
  return s.toLowerCase();
}

export interface SourceEntry {
  type: 'deb' | 'deb-src';
  uri: string;
  suite: string;
  components: string[];
  /** The file it came from (for messages). */
  file: string;
}

/** One-line format: `deb [arch=amd64 signed-by=...] URI SUITE COMP...`. */
export function parseSourcesList(text: string, file = 'sources.list'): SourceEntry[] {
  const out: SourceEntry[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const m = /^(deb|deb-src)\s+(.*)$/.exec(line);
    if (!m) continue;
    line = m[2].trim();
    if (line.startsWith('[')) {
      const end = line.indexOf(']');
      if (end < 0) continue;
      line = line.slice(end + 1).trim();
    }
    const [uri, suite, ...components] = line.split(/\s+/);
    if (!uri || !suite) continue;
    out.push({ type: m[1] as SourceEntry['type'], uri, suite, components, file });
  }
  return out;
}

/** deb822 format (`.sources`): stanzas separated by blank lines; continuation lines start with space. */
export function parseDeb822Sources(text: string, file = 'debian.sources'): SourceEntry[] {
  const out: SourceEntry[] = [];
  const stanzas = text.replace(/\r/g, '').split(/\n[ \t]*\n/);
  for (const stanza of stanzas) {
    const fields: Record<string, string> = {};
    let key: string | undefined;
    for (const line of stanza.split('\n')) {
      if (/^\s*#/.test(line) || line.trim() === '') continue;
      if (/^[ \t]/.test(line)) {
        if (key) fields[key] += ' ' + line.trim();
        continue;
      }
      const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (!m) continue;
      key = m[1].toLowerCase();
      fields[key] = m[2].trim();
    }
    if (!fields.types || !fields.uris || !fields.suites) continue;
    if (/^(no|false|0)$/i.test(fields.enabled ?? '')) continue;
    const words = (v: string | undefined) => (v ?? '').split(/\s+/).filter(Boolean);
    for (const type of words(fields.types)) {
      if (type !== 'deb' && type !== 'deb-src') continue;
      for (const uri of words(fields.uris)) {
        for (const suite of words(fields.suites)) out.push({ type, uri, suite, components: words(fields.components), file });
      }
    }
  }
  return out;
}

/** Parse one sources file by its name (.sources → deb822, anything else → one-line). */
export function parseSourcesFile(name: string, text: string): SourceEntry[] {
  return name.endsWith('.sources') ? parseDeb822Sources(text, name) : parseSourcesList(text, name);
}

/** The archive URI apt would use for `distribution` (first plain-release `deb` entry), if any. */
export function hostMirror(entries: SourceEntry[], distribution: Exclude<Distribution, 'arch'>): string | undefined {
  for (const e of entries) {
    if (e.type !== 'deb') continue;
    if (!/^(https?|ftp|file):\/\//.test(e.uri)) continue;
    const rel = releaseOf(e.suite);
    if (!rel) continue;
    if (/security/i.test(e.uri)) continue;
    if (inferDistribution(rel) !== distribution) continue;
    if (distribution === 'debian' && !DEBIAN_SUITES.has(rel)) continue;
    return e.uri.replace(/\/+$/, '');
  }
  return undefined;
}

/**
 * Files of the probe's `sources` section: each file starts with a line `##file NAME` followed by its
 * text. Returns the entries in apt's order (sources.list first, then sources.list.d in name order, as
 * the probe lists them).
 */
export function parseSourcesDump(dump: string): SourceEntry[] {
  const out: SourceEntry[] = [];
  let name: string | undefined;
  let buf: string[] = [];
  const flush = () => {
    if (name !== undefined) out.push(...parseSourcesFile(name, buf.join('\n')));
    buf = [];
  };
  for (const line of dump.split('\n')) {
    const m = /^##file (.+)$/.exec(line);
    if (m) {
      flush();
      name = m[1];
    } else buf.push(line);
  }
  flush();
  return out;
}

/** Shell text printing every apt sources file as `##file NAME` + content (for one-round-trip probes). */
export const SOURCES_DUMP =
  'for f in /etc/apt/sources.list /etc/apt/sources.list.d/*; do case "$f" in *.list|*.sources) ;; *) continue;; esac; ' +
  '[ -f "$f" ] || continue; echo "##file $f"; cat "$f"; echo; done';

/**
 * apt's state and output, parsed (pure; unit-tested on output captured from Debian 12):
 * package specs (`pkg`, `pkg:arch`, `pkg=1.2-3`, `pkg=1.2*`), dpkg-query lines, apt-cache policy,
 * apt-get's summary line, the Inst/Remv/Purg lines of a simulation, and Ansible's `prepared` diff.
 */

export interface PackageSpec {
  /** As written (for messages). */
  spec: string;
  name: string;
  arch?: string;
  version?: string;
  /** The version contains * or ? (fnmatch against the available versions). */
  wildcard: boolean;
}

export class PackageSpecError extends Error {}

const NAME = /^[a-z0-9][a-z0-9+.-]+$/;
const ARCH = /^[a-z0-9-]+$/;
const VERSION = /^[A-Za-z0-9.+~:*?-]+$/;

/** Parse `name[:arch][=version]`; refuses anything apt would not read as one package. */
export function parsePackageSpec(s: string): PackageSpec {
  const spec = s.trim();
  const eq = spec.indexOf('=');
  const left = eq < 0 ? spec : spec.slice(0, eq);
  const version = eq < 0 ? undefined : spec.slice(eq + 1);
  const colon = left.indexOf(':');
  const name = colon < 0 ? left : left.slice(0, colon);
  const arch = colon < 0 ? undefined : left.slice(colon + 1);
  if (!NAME.test(name)) {
    throw new PackageSpecError(`invalid package name ${JSON.stringify(spec)}: expected lowercase letters, digits, + - . (as name, name=version or name:arch)`);
  }
  if (arch !== undefined && !ARCH.test(arch)) throw new PackageSpecError(`invalid architecture in ${JSON.stringify(spec)}`);
  if (version !== undefined && (version === '' || !VERSION.test(version))) throw new PackageSpecError(`invalid version in ${JSON.stringify(spec)}`);
  return { spec, name, arch, version, wildcard: version !== undefined && /[*?]/.test(version) };
}

/** The word apt-get gets for a spec and a concrete version (or none). */
export function aptWord(p: PackageSpec, version?: string): string {
  return p.name + (p.arch ? `:${p.arch}` : '') + (version ? `=${version}` : '');
}

/** fnmatch for versions (* and ? only; everything else literal). */
export function versionMatches(pattern: string, version: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(version);
}

export interface DpkgEntry {
  name: string;
  arch: string;
  version: string;
  /** db:Status-Abbrev, e.g. 'ii ' or 'rc '. */
  status: string;
}

/** The dpkg-query format the probe prints (tab separated). */
export const DPKG_FORMAT = '${Package}\\t${Architecture}\\t${Version}\\t${db:Status-Abbrev}\\n';

export function parseDpkgQuery(out: string): DpkgEntry[] {
  const res: DpkgEntry[] = [];
  for (const line of out.split('\n')) {
    const f = line.split('\t');
    if (f.length < 4 || !f[0]) continue;
    res.push({ name: f[0], arch: f[1], version: f[2], status: f[3] });
  }
  return res;
}

/** Installed (or triggers pending/awaited): the package's files are there and configured. */
export function isInstalled(e: DpkgEntry): boolean {
  return 'iWt'.includes(e.status[1] ?? '');
}

/** Anything of the package is on disk (also half-installed or config files only). */
export function hasFiles(e: DpkgEntry, includeConfig: boolean): boolean {
  const s = e.status[1] ?? 'n';
  if (s === 'n') return false;
  if (s === 'c') return includeConfig;
  return true;
}

/** The dpkg entry of a spec: its arch when given, else any installed arch (the first). */
export function entryFor(p: PackageSpec, entries: DpkgEntry[]): DpkgEntry | undefined {
  const mine = entries.filter((e) => e.name === p.name && (p.arch === undefined || e.arch === p.arch || e.arch === 'all'));
  return mine.find(isInstalled) ?? mine[0];
}

export interface PolicyEntry {
  installed: string | null;
  candidate: string | null;
  /** Every version in the version table, in apt's order (highest first). */
  versions: string[];
}

/** `apt-cache policy a b c` → {a: {...}, ...}; headers are "name:" or "name:arch:" at column 0. */
export function parsePolicy(out: string): Record<string, PolicyEntry> {
  const res: Record<string, PolicyEntry> = {};
  let cur: PolicyEntry | undefined;
  let inTable = false;
  for (const line of out.split('\n')) {
    const head = /^(\S+):$/.exec(line);
    if (head) {
      cur = { installed: null, candidate: null, versions: [] };
      res[head[1]] = cur;
      inTable = false;
      continue;
    }
    if (!cur) continue;
    const kv = /^ {2}(Installed|Candidate): (.*)$/.exec(line);
    if (kv) {
      const v = kv[2].trim() === '(none)' ? null : kv[2].trim();
      if (kv[1] === 'Installed') cur.installed = v;
      else cur.candidate = v;
      continue;
    }
    if (/^ {2}Version table:$/.test(line)) {
      inTable = true;
      continue;
    }
    const ver = inTable ? /^ (?:\*\*\*| {3}) (\S+) -?\d+$/.exec(line) : null;
    if (ver) cur.versions.push(ver[1]);
  }
  return res;
}

export interface AptSummary {
  upgraded: number;
  newlyInstalled: number;
  removed: number;
  notUpgraded: number;
}

/** "1 upgraded, 1 newly installed, 0 to remove and 124 not upgraded." (undefined when absent). */
export function parseSummary(out: string): AptSummary | undefined {
  const m = /^(\d+) upgraded, (\d+) newly installed, (?:(\d+) downgraded, )?(\d+) to remove and (\d+) not upgraded\.?$/m.exec(out);
  if (!m) return undefined;
  return { upgraded: Number(m[1]) + Number(m[3] ?? 0), newlyInstalled: Number(m[2]), removed: Number(m[4]), notUpgraded: Number(m[5]) };
}

/** Did the transaction (or simulation) install, upgrade or remove anything? */
export function summaryChanged(s: AptSummary | undefined): boolean {
  return s !== undefined && s.upgraded + s.newlyInstalled + s.removed > 0;
}

/** Ansible's parse_diff: apt-get's output from after "Reading state information..." to the summary line. */
export function preparedDiff(out: string): { prepared: string } {
  const lines = out.split(/\r?\n/);
  let start = lines.indexOf('Reading state information...');
  let end = lines.findIndex((l) => /^[0-9]+ (packages )?upgraded/.test(l));
  if (end < 0) end = lines.length;
  start += 1;
  end += 1;
  return { prepared: lines.slice(start, end).join('\n') };
}

/** Packages apt-get could not find ("E: Unable to locate package X"). */
export function missingPackages(stderr: string): string[] {
  return [...stderr.matchAll(/^E: (?:Unable to locate package |Package '?)([^\s']+)/gm)].map((m) => m[1]);
}

/** Versions apt-get could not find ("E: Version '1.2-3' for 'curl' was not found"), as name=version. */
export function missingVersions(stderr: string): string[] {
  return [...stderr.matchAll(/^E: Version '([^']+)' for '([^']+)' was not found/gm)].map((m) => `${m[2]}=${m[1]}`);
}

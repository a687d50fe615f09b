/**
 * What `debootstrap` reads from the host in ONE round trip (the host's release and apt sources, the
 * tools, the image, a leftover partial directory, a held lock, /var/lib/machines' permissions) and
 * the pure decision made from it.
 */
import { sh } from '../../../util/quote.js';
import { includeList, type DebootstrapArgs, type Layout, type Resolved } from './debootstrap-args.js';
import { isMachineId } from '../common/image-id.js';
import { MACHINES_DIR } from '../common/names.js';
import { DEFAULT_MIRRORS, hostMirror, inferDistribution, parseSourcesDump, SOURCES_DUMP, type SourceEntry } from './sources.js';
import { sectionMark, sections } from '../../../util/sections.js';
import { TOOL_PATH } from '../common/host-script.js';

export function debootstrapProbe(l: Layout, alsoRaw: boolean): string {
  return [
    TOOL_PATH,
    sectionMark('osrelease'),
    'cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null || true',
    sectionMark('sources'),
    SOURCES_DUMP,
    sectionMark('tools'),
    'for t in debootstrap pacstrap flock; do command -v "$t" >/dev/null 2>&1 && echo "$t"; done; true',
    sectionMark('dest'),
    sh`if [ -e ${l.dest} ] || [ -L ${l.dest} ]; then echo ${l.dest}; fi`,
    alsoRaw ? sh`if [ -e ${l.dest}.raw ]; then echo ${l.dest}.raw; fi` : 'true',
    sectionMark('partial'),
    sh`if [ -e ${l.partial} ] || [ -L ${l.partial} ]; then echo yes; fi`,
    sectionMark('lock'),
    sh`if [ -e ${l.lock} ] && command -v flock >/dev/null 2>&1 && ! flock -n ${l.lock} true 2>/dev/null; then echo held; fi`,
    sectionMark('machines'),
    sh`stat -c '%a %U %G' ${MACHINES_DIR} 2>/dev/null || true`,
    sectionMark('machine_id'),
    sh`cat ${l.dest}/etc/machine-id 2>/dev/null || true`,
  ].join('\n') + '\n';
}

export interface DebootstrapState {
  osId: string;
  codename: string;
  sources: SourceEntry[];
  tools: Set<string>;
  /** The existing image path(s): the directory, or NAME.raw beside it. */
  existing: string[];
  partial: boolean;
  lockHeld: boolean;
  /** "700 root root" or '' when missing. */
  machinesDir: string;
  machineId?: string;
}

/** KEY=value lines of os-release(5), quotes removed. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    out[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

export function parseDebootstrapProbe(out: string): DebootstrapState {
  const s = sections(out);
  const os = parseOsRelease(s.osrelease ?? '');
  let codename = os.VERSION_CODENAME ?? '';
  if (!codename && os.ID === 'debian' && /\bsid\b|trixie\/sid/.test(os.PRETTY_NAME ?? '')) codename = 'sid';
  const id = (s.machine_id ?? '').trim();
  const lines = (v: string | undefined) => (v ?? '').split('\n').map((x) => x.trim()).filter(Boolean);
  return {
    osId: os.ID ?? '',
    codename,
    sources: parseSourcesDump(s.sources ?? ''),
    tools: new Set(lines(s.tools)),
    existing: lines(s.dest),
    partial: (s.partial ?? '').trim() === 'yes',
    lockHeld: (s.lock ?? '').trim() === 'held',
    machinesDir: (s.machines ?? '').trim(),
    machineId: isMachineId(id) ? id : undefined,
  };
}

/** Suite, distribution and mirror: the arguments, else the host's own release and sources. */
export function resolve(args: DebootstrapArgs, st: DebootstrapState): Resolved | { error: string } {
  if (args.distribution === 'arch') {
    return { distribution: 'arch', suite: args.suite ?? 'arch', mirror: args.mirror ?? '(pacman mirrorlist)', variant: args.variant, include: includeList(args, 'arch') };
  }
  const suite = args.suite ?? st.codename;
  if (!suite) return { error: 'no suite given and the host has no VERSION_CODENAME in /etc/os-release: set suite' };
  const distribution = (args.distribution ?? inferDistribution(suite)) as 'debian' | 'ubuntu';
  const mirror = args.mirror ?? hostMirror(st.sources, distribution) ?? DEFAULT_MIRRORS[distribution];
  return { distribution, suite, mirror, variant: args.variant, include: includeList(args, distribution) };
}

/** Is `parent` /var/lib/machines and not root:root 0700? */
export function machinesDirNeedsFix(l: Layout, st: Pick<DebootstrapState, 'machinesDir'>): boolean {
  return l.parent === MACHINES_DIR && st.machinesDir !== '700 root root';
}

export type Decision =
  | { action: 'none'; fixDir: boolean }
  | { action: 'bootstrap'; removePartial: boolean; waitLock: boolean; fixDir: boolean };

/** complete (dest exists) → leave it; partial left over → remove and redo; absent → bootstrap. */
export function decide(l: Layout, st: DebootstrapState): Decision {
  const fixDir = machinesDirNeedsFix(l, st);
  if (st.existing.length > 0) return { action: 'none', fixDir };
  return { action: 'bootstrap', removePartial: st.partial, waitLock: st.lockHeld, fixDir };
}

/** The tool the host lacks for this distribution (a clear message), if any. */
export function missingTool(r: Resolved, st: Pick<DebootstrapState, 'tools'>): string | undefined {
  if (r.distribution === 'arch') {
    if (!st.tools.has('pacstrap')) return 'pacstrap is not installed on this host; install arch-install-scripts';
  } else if (!st.tools.has('debootstrap')) {
    return 'debootstrap is not installed on this host; install the debootstrap package (apt-get install debootstrap)';
  }
  if (!st.tools.has('flock')) return 'flock is not installed on this host; install util-linux';
  return undefined;
}

/** Ansible-style diff describing the image before and after. */
export function describe(l: Layout, r: Resolved, d: Decision): { before: string; after: string } {
  if (d.action === 'none') return { before: `image ${l.dest}\n`, after: `image ${l.dest}\n` };
  const what =
    r.distribution === 'arch'
      ? `pacstrap base into ${l.dest}`
      : `debootstrap ${r.suite} ${r.variant} from ${r.mirror} into ${l.dest}`;
  const before = d.removePartial ? `absent (a partial bootstrap is left over in ${l.partial}: it will be removed)` : 'absent';
  const extra = d.waitLock ? ` (after the bootstrap still running on the host, holding ${l.lock})` : '';
  return { before: `${before}\n`, after: `${what}${extra}\n` };
}

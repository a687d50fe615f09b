/**
 * apt's decision (pure): from the specs, the wanted state and what dpkg-query / apt-cache policy
 * said, which words go into the ONE apt-get transaction — or none when the host is already right.
 */
import { aptWord, entryFor, hasFiles, isInstalled, missingPackages, missingVersions, versionMatches, type DpkgEntry, type PackageSpec, type PolicyEntry } from './apt-parse.js';

export type AptState = 'present' | 'absent' | 'latest';

export interface AptDecision {
  /** 'install' or 'remove' words for apt-get (empty: nothing to do). */
  install: string[];
  remove: string[];
  /** A requested version is lower than the installed one (needs --allow-downgrades). */
  downgrade: boolean;
  /** Specs no repository offers (Ansible: "No package matching 'x' is available"). */
  unavailable: string[];
}

function policyFor(p: PackageSpec, policy: Record<string, PolicyEntry>): PolicyEntry | undefined {
  return policy[p.arch ? `${p.name}:${p.arch}` : p.name] ?? policy[p.name];
}

/** The version (from the policy's table) a wildcard spec installs: the candidate if it matches, else the highest match. */
export function pickVersion(p: PackageSpec, pol: PolicyEntry | undefined): string | undefined {
  if (!p.version || !pol) return undefined;
  if (pol.candidate && versionMatches(p.version, pol.candidate)) return pol.candidate;
  return pol.versions.find((v) => versionMatches(p.version!, v));
}

/**
 * A lower version than the installed one? Compared with Debian's rules only through the policy's
 * order (highest first), which apt computed; unknown versions count as not lower.
 */
function isLower(want: string, installed: string, pol: PolicyEntry | undefined): boolean {
  if (!pol) return false;
  const iw = pol.versions.indexOf(want);
  const ii = pol.versions.indexOf(installed);
  return iw >= 0 && ii >= 0 && iw > ii;
}

export function decideApt(specs: PackageSpec[], state: AptState, dpkg: DpkgEntry[], policy: Record<string, PolicyEntry>, purge: boolean): AptDecision {
  const d: AptDecision = { install: [], remove: [], downgrade: false, unavailable: [] };
  for (const p of specs) {
    const e = entryFor(p, dpkg);
    const installed = e && isInstalled(e) ? e.version : undefined;
    if (state === 'absent') {
      if (!e || !hasFiles(e, purge)) continue;
      if (p.version && !versionMatches(p.version, e.version)) continue;
      d.remove.push(aptWord(p));
      continue;
    }
    const pol = policyFor(p, policy);
    if (state === 'latest' && !p.version) {
      if (!pol || pol.candidate === null) {
        if (installed === undefined) d.unavailable.push(p.spec);
        continue;
      }
      if (installed !== pol.candidate) d.install.push(aptWord(p));
      continue;
    }
    // present (or latest with a version, which Ansible treats as present)
    if (!p.version) {
      if (installed === undefined) d.install.push(aptWord(p));
      continue;
    }
    if (installed !== undefined && versionMatches(p.version, installed)) continue;
    const version = p.wildcard ? pickVersion(p, pol) : p.version;
    if (version === undefined) {
      d.unavailable.push(p.spec);
      continue;
    }
    if (installed !== undefined && isLower(version, installed, pol)) d.downgrade = true;
    d.install.push(aptWord(p, version));
  }
  return d;
}

/** Does the cache need `apt-get update`? (cache_valid_time in seconds; 0/undefined: always.) */
export function cacheStale(mtime: number | undefined, now: number, validTime: number | undefined): boolean {
  if (!validTime) return true;
  if (mtime === undefined) return true;
  return mtime + validTime < now;
}

export interface RefreshInput {
  /** The task asked for fresh lists (update_cache, or cache_valid_time). */
  asked: boolean;
  /** The lists were already refreshed in this run (apt-get update ran). */
  refreshed: boolean;
  /** Specs the decision found in no list. */
  unavailable: string[];
  /** apt-get's stderr when the transaction failed. */
  stderr?: string;
}

/**
 * Refresh the lists once and retry? When the task asked for fresh lists but they were not refreshed
 * in this run (cache_valid_time said they were recent enough) and a package or version is in none
 * of them: the sources may have changed since the last update (a fresh image whose sources.list
 * was rewritten). Ansible ends up refreshing there too (it runs apt-get update when python3-apt is
 * missing). Returns what was not found (empty: no retry).
 */
export function refreshRetry(r: RefreshInput): string[] {
  if (!r.asked || r.refreshed) return [];
  const stderr = r.stderr ?? '';
  return [...new Set([...r.unavailable, ...missingPackages(stderr), ...missingVersions(stderr)])];
}

/**
 * apt: Debian packages with Ansible's arguments. One round trip reads the cache age, dpkg's status of
 * every named package and (for latest / wildcard versions) apt-cache policy; a stale cache is updated
 * and re-read in one more; then ONE apt-get transaction runs (simulated with -s in check mode), and
 * its summary line says whether anything was installed, upgraded or removed. Always non-interactive
 * and waiting for the dpkg lock (lock_timeout). When fresh lists were asked for but not refreshed in
 * this run (recent enough for cache_valid_time) and a package is in none of them, the lists are
 * refreshed once and the transaction retried (refreshRetry in apt-decide.ts), with a warning.
 *
 * An action module (modules/types.ts): what changed is only known from apt-get's output, so `run`
 * updates the lists and runs the transaction, and `check` (check mode) updates nothing and simulates
 * the transaction with apt-get -s.
 */
import { z } from 'zod';
import { defineAction, type ModuleContext, type ModuleResult, type Outcome } from '../types.js';
import { raw, sh } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { DPKG_FORMAT, PackageSpecError, missingPackages, parseDpkgQuery, parsePackageSpec, parsePolicy, parseSummary, preparedDiff, summaryChanged, type PackageSpec } from './apt-parse.js';
import { cacheStale, decideApt, refreshRetry, type AptState } from './apt-decide.js';
import { sectionMark, sections } from '../../util/sections.js';
import { boolish, builtinAliases, mutuallyExclusive, nonNegative, renameAliases, stringList } from '../kit/args.js';

export const aptSchema = z.preprocess(
  renameAliases({ name: ['pkg', 'package'], update_cache: ['update-cache'], install_recommends: ['install-recommends'] }),
  z
    .object({
      name: stringList.optional(),
      state: z.enum(['present', 'absent', 'latest', 'installed', 'removed']).default('present'),
      update_cache: boolish.optional(),
      cache_valid_time: nonNegative.optional(),
      install_recommends: boolish.optional(),
      purge: boolish.default(false),
      autoremove: boolish.default(false),
      autoclean: boolish.default(false),
      dpkg_options: z.string().regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, 'dpkg_options: comma-separated dpkg --force options, e.g. force-confdef,force-confold').default('force-confdef,force-confold'),
      deb: z.string().min(1).regex(/^[^\0\n]+$/).optional(),
      force: boolish.default(false),
      allow_downgrade: boolish.default(false),
      allow_unauthenticated: boolish.default(false),
      only_upgrade: boolish.default(false),
      lock_timeout: nonNegative.default(60),
      upgrade: z.union([z.enum(['no', 'yes', 'safe', 'full', 'dist']), z.boolean()]).optional(),
    })
    .strict()
    .superRefine((a, c) => {
      for (const n of a.name ?? []) {
        try {
          parsePackageSpec(n);
        } catch (e) {
          if (e instanceof PackageSpecError) c.addIssue({ code: 'custom', path: ['name'], message: e.message });
          else throw e;
        }
      }
      mutuallyExclusive(c, { deb: a.deb, package: a.name });
      if (a.deb !== undefined && /^[a-z]+:\/\//.test(a.deb)) c.addIssue({ code: 'custom', path: ['deb'], message: 'deb: only a path on the host is supported, not a URL (download it with get_url first)' });
      if (a.upgrade !== undefined && a.upgrade !== false && a.upgrade !== 'no') c.addIssue({ code: 'custom', path: ['upgrade'], message: 'upgrade is not supported; use state=latest for the packages to upgrade' });
    }),
);

export type AptArgs = z.infer<typeof aptSchema>;

const ENV = { DEBIAN_FRONTEND: 'noninteractive', DEBIAN_PRIORITY: 'critical', APT_LISTCHANGES_FRONTEND: 'none', LC_ALL: 'C' };
const STAMP = '/var/lib/apt/periodic/update-success-stamp';

export interface AptProbe {
  cacheMtime?: number;
  now: number;
  dpkg: ReturnType<typeof parseDpkgQuery>;
  policy: ReturnType<typeof parsePolicy>;
  deb?: { name: string; version: string; arch: string };
}

/** The state-reading script (one round trip). */
export function aptProbeScript(names: string[], policyNames: string[], deb?: string): string {
  const lines = [
    sectionMark('cache'),
    // no package lists at all (a fresh debootstrap or container image) counts as never updated
    sh`if ls /var/lib/apt/lists 2>/dev/null | grep -q _Packages; then stat -c %Y ${STAMP} 2>/dev/null || stat -c %Y /var/lib/apt/lists 2>/dev/null || true; fi`,
    sectionMark('now'),
    'date +%s',
    sectionMark('dpkg'),
  ];
  if (names.length) lines.push(sh`dpkg-query -W -f ${DPKG_FORMAT} -- ${names} 2>/dev/null || true`);
  lines.push(sectionMark('policy'));
  if (policyNames.length) lines.push(sh`apt-cache policy -- ${policyNames} 2>/dev/null || true`);
  if (deb !== undefined) {
    lines.push(sectionMark('deb'));
    lines.push(sh`dpkg-deb -f ${deb} Package Version Architecture || echo 'error: cannot read the package file'`);
  }
  return lines.join('\n') + '\n';
}

export function parseAptProbe(out: string): AptProbe {
  const s = sections(out);
  const mtime = Number((s.cache ?? '').trim());
  const res: AptProbe = {
    cacheMtime: (s.cache ?? '').trim() !== '' && Number.isFinite(mtime) ? mtime : undefined,
    now: Number((s.now ?? '').trim()) || Math.floor(Date.now() / 1000),
    dpkg: parseDpkgQuery(s.dpkg ?? ''),
    policy: parsePolicy(s.policy ?? ''),
  };
  if (s.deb !== undefined) {
    const f: Record<string, string> = {};
    for (const l of s.deb.split('\n')) {
      const m = /^(\w+): (.*)$/.exec(l);
      if (m) f[m[1]] = m[2].trim();
    }
    if (!f.Package) throw new ModuleFailure(`cannot read the package file: ${s.deb.trim()}`);
    res.deb = { name: f.Package, version: f.Version ?? '', arch: f.Architecture ?? '' };
  }
  return res;
}

/** apt-get's options for a transaction, every one a quoted word. */
export function aptGetOptions(args: AptArgs, extra: { downgrade?: boolean; simulate?: boolean }): string[] {
  const o = ['-y', '-q', '-o', `DPkg::Lock::Timeout=${Math.floor(args.lock_timeout)}`];
  for (const opt of args.dpkg_options.split(',')) o.push('-o', `Dpkg::Options::=--${opt}`);
  if (args.install_recommends === true) o.push('-o', 'APT::Install-Recommends=yes');
  if (args.install_recommends === false) o.push('--no-install-recommends');
  if (extra.downgrade || args.allow_downgrade) o.push('--allow-downgrades');
  if (args.force) o.push('--allow-downgrades', '--allow-remove-essential', '--allow-change-held-packages');
  if (args.allow_unauthenticated) o.push('--allow-unauthenticated');
  if (args.only_upgrade) o.push('--only-upgrade');
  if (args.autoremove) o.push('--auto-remove');
  if (extra.simulate) o.push('-s');
  return o;
}

interface Txn {
  verb: 'install' | 'remove' | 'purge' | 'autoremove';
  words: string[];
  downgrade?: boolean;
}

function txnCommand(args: AptArgs, t: Txn, simulate: boolean): string {
  const opts = aptGetOptions(args, { downgrade: t.downgrade, simulate });
  const verb = t.verb === 'autoremove' && args.purge ? ['autoremove', '--purge'] : [t.verb];
  return sh`apt-get ${opts} ${verb} ${t.words.length ? raw('-- ') : raw('')}${t.words}`;
}

/** One apt task: its context and arguments, and whether it only simulates (check mode). */
interface AptJob {
  ctx: ModuleContext;
  args: AptArgs;
  simulate: boolean;
}

async function runTxn({ ctx, args, simulate }: AptJob, t: Txn, base: ModuleResult): Promise<Outcome> {
  const cmd = txnCommand(args, t, simulate);
  const r = await ctx.exec(cmd, { env: ENV });
  if (r.rc !== 0) {
    const missing = missingPackages(r.stderr);
    const msg = missing.length ? `No package matching '${missing[0]}' is available` : `'${cmd}' failed: ${r.stderr.trim()}`;
    throw new ModuleFailure(msg, { ...base, rc: r.rc, stdout: r.stdout, stderr: r.stderr });
  }
  const changed = summaryChanged(parseSummary(r.stdout));
  const result: ModuleResult = { ...base, changed, stdout: r.stdout, stderr: r.stderr };
  const diff = changed ? { before: '', after: '', ...preparedDiff(r.stdout) } : undefined;
  return { changed, diff, result };
}

async function probeState(ctx: ModuleContext, specs: PackageSpec[], policyNames: string[], deb?: string): Promise<AptProbe> {
  const names = [...new Set(specs.map((p) => p.name))];
  const r = await ctx.exec(aptProbeScript(names, policyNames, deb), { env: { LC_ALL: 'C' } });
  if (r.rc !== 0) throw new ModuleFailure(`could not read the package state: ${r.stderr.trim() || `rc ${r.rc}`}`, { rc: r.rc, stderr: r.stderr });
  return parseAptProbe(r.stdout);
}

/** A package or version in none of the lists (the names as the task or apt-get gave them). */
class NotFound extends ModuleFailure {
  constructor(
    message: string,
    result: ModuleResult,
    readonly names: string[],
  ) {
    super(message, result);
  }
}

/** Everything after the lists are as fresh as they will be: decide, then ONE transaction. */
async function transaction(job: AptJob, state: AptState, specs: PackageSpec[], st: AptProbe, base: ModuleResult, wouldUpdate: boolean): Promise<Outcome> {
  const { args } = job;
  if (args.deb !== undefined && st.deb) {
    const cur = st.dpkg.find((e) => e.name === st.deb!.name && e.status[1] === 'i');
    if (cur && cur.version === st.deb.version) return { changed: false, result: { ...base, changed: false } };
    const path = args.deb.startsWith('/') ? args.deb : `./${args.deb}`;
    return runTxn(job, { verb: 'install', words: [path], downgrade: true }, base);
  }
  if (specs.length === 0) {
    if (args.autoremove) return runTxn(job, { verb: 'autoremove', words: [] }, base);
    const changed = job.simulate ? wouldUpdate : Boolean(base.cache_updated);
    return { changed, result: { ...base, changed } };
  }
  const d = decideApt(specs, state, st.dpkg, st.policy, args.purge);
  if (d.unavailable.length) throw new NotFound(`No package matching '${d.unavailable[0]}' is available`, { ...base }, d.unavailable);
  if (d.install.length) return runTxn(job, { verb: 'install', words: d.install, downgrade: d.downgrade }, base);
  if (d.remove.length) return runTxn(job, { verb: args.purge ? 'purge' : 'remove', words: d.remove }, base);
  if (args.autoremove) return runTxn(job, { verb: 'autoremove', words: [] }, base);
  return { changed: false, result: { ...base, changed: false } };
}

/** The task: read the state, update the lists when asked (not when simulating), then one transaction (simulated: apt-get -s). */
async function apt(job: AptJob): Promise<Outcome> {
  const { ctx, args, simulate } = job;
  const state: AptState = args.state === 'installed' ? 'present' : args.state === 'removed' ? 'absent' : args.state;
  const specs = (args.name ?? []).map(parsePackageSpec);
  const policyNames = specs.filter((p) => state === 'latest' || p.wildcard).map((p) => (p.arch ? `${p.name}:${p.arch}` : p.name));
  let st = await probeState(ctx, specs, policyNames, args.deb);
  const wantUpdate = args.update_cache === true || (args.update_cache === undefined && args.cache_valid_time !== undefined);
  let cacheUpdated = false;
  let cacheTime = st.cacheMtime ?? 0;
  const needUpdate = wantUpdate && cacheStale(st.cacheMtime, st.now, args.cache_valid_time);
  const update = async () => {
    const cmd = sh`apt-get update -q -o ${`DPkg::Lock::Timeout=${Math.floor(args.lock_timeout)}`}`;
    const r = await ctx.exec(cmd, { env: ENV });
    if (r.rc !== 0) throw new ModuleFailure(`Failed to update apt cache: ${r.stderr.trim() || r.stdout.trim()}`, { rc: r.rc, stdout: r.stdout, stderr: r.stderr });
    cacheUpdated = true;
    st = await probeState(ctx, specs, policyNames, args.deb);
    cacheTime = st.cacheMtime ?? st.now;
  };
  if (needUpdate && !simulate) await update();
  const attempt = () => transaction(job, state, specs, st, { cache_updated: cacheUpdated, cache_update_time: cacheTime }, needUpdate);
  try {
    return await attempt();
  } catch (e) {
    if (!(e instanceof ModuleFailure)) throw e;
    const stderr = typeof e.result.stderr === 'string' ? e.result.stderr : undefined;
    const notFound = refreshRetry({ asked: wantUpdate, refreshed: cacheUpdated, unavailable: e instanceof NotFound ? e.names : [], stderr });
    if (!notFound.length) throw e;
    const names = notFound.join(', ');
    if (simulate) {
      // a real run refreshes the lists first (or on this miss), so check mode cannot tell yet
      ctx.warn(
        needUpdate
          ? `the package lists are out of date (a real run updates them first), so check mode cannot tell exactly what would change; not found in them now: ${names}`
          : `not found in the package lists, which were not refreshed in this run: ${names}; a real run refreshes them (apt-get update) and retries, so check mode cannot tell exactly what would change`,
      );
      return { changed: true, result: { cache_updated: false, cache_update_time: cacheTime, changed: true } };
    }
    await update();
    ctx.warn(`not found in the package lists, which were not refreshed in this run (cache_valid_time): ${names}; the lists were refreshed (apt-get update) and the task retried`);
    return await attempt();
  }
}

export const aptModule = defineAction({
  name: 'apt',
  aliases: builtinAliases('apt'),
  schema: aptSchema,
  run: (args, ctx) => apt({ ctx, args, simulate: false }),
  check: (args, ctx) => apt({ ctx, args, simulate: true }),
});

/**
 * machine_limits' state: ONE probe script prints the unit's properties (`systemctl show`) and every
 * drop-in of the persistent (/etc/systemd/system.control/UNIT.d) and runtime
 * (/run/systemd/system.control/UNIT.d) control directories, where `systemctl set-property` writes
 * one file per property (50-MemoryMax.conf; 50-MemoryHighScale.conf for a percentage). Parsing and
 * the per-key decision are pure.
 */
import { raw, sh } from '../../../util/quote.js';
import { machineUnit } from '../common/names.js';
import { LIMIT_KEYS, SHOW_PROPERTY, liveComparable, normalizeShown, normalizeStored, type LimitKey, type LimitValue } from './limits-values.js';
import { keyValueLines, sectionMark, sections } from '../../../util/sections.js';

export const PERSISTENT_CONTROL_DIR = '/etc/systemd/system.control';
export const RUNTIME_CONTROL_DIR = '/run/systemd/system.control';

export function controlDir(name: string, runtime: boolean): string {
  return `${runtime ? RUNTIME_CONTROL_DIR : PERSISTENT_CONTROL_DIR}/${machineUnit(name)}.d`;
}

/** The `systemctl show` part (also run after a change, to confirm the values took). */
export function showCommand(name: string): string {
  const props = ['LoadState', 'ActiveState', ...LIMIT_KEYS.map((k) => SHOW_PROPERTY[k])];
  return sh`systemctl show ${machineUnit(name)} ${raw(props.map((p) => `-p ${p}`).join(' '))}`;
}

function dropinDump(dir: string): string {
  return sh`for _f in ${dir}/*.conf; do [ -f "$_f" ] || continue; printf '== %s\\n' "\${_f##*/}"; cat -- "$_f"; echo; done`;
}

export function limitsProbeScript(name: string): string {
  return [
    'command -v systemctl >/dev/null 2>&1 || { echo "systemctl not found" >&2; exit 3; }',
    sectionMark('show'),
    showCommand(name),
    sectionMark('persistent'),
    dropinDump(controlDir(name, false)),
    sectionMark('runtime'),
    dropinDump(controlDir(name, true)),
  ].join('\n') + '\n';
}

/** A key as set in one control directory: its last assignment, and the files that assign it. */
export interface StoredKey {
  value: string | null;
  files: string[];
}

export type StoredLimits = Partial<Record<LimitKey, StoredKey>>;

export interface LimitsState {
  loadState: string;
  activeState: string;
  /** Normal forms of the values systemd holds now (null: not set). */
  live: Record<LimitKey, string | null>;
  persistent: StoredLimits;
  runtime: StoredLimits;
}

/** The limit keys the drop-ins of one control directory assign ([Service] section; last one wins). */
export function parseDropins(text: string): StoredLimits {
  const out: StoredLimits = {};
  let file = '';
  let section = '';
  for (const raw of text.split('\n')) {
    const fm = /^== (.+)$/.exec(raw);
    if (fm) {
      file = fm[1];
      section = '';
      continue;
    }
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const sm = /^\[(.+)\]$/.exec(line);
    if (sm) {
      section = sm[1];
      continue;
    }
    if (section !== 'Service') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim() as LimitKey;
    if (!(LIMIT_KEYS as readonly string[]).includes(key)) continue;
    const entry = (out[key] ??= { value: null, files: [] });
    entry.value = normalizeStored(key, line.slice(eq + 1));
    if (!entry.files.includes(file)) entry.files.push(file);
  }
  return out;
}

export function parseLimitsProbe(out: string): LimitsState {
  const s = sections(out);
  const show = keyValueLines(s.show ?? '');
  const live = Object.fromEntries(LIMIT_KEYS.map((k) => [k, normalizeShown(k, show[SHOW_PROPERTY[k]])])) as Record<LimitKey, string | null>;
  return {
    loadState: show.LoadState ?? '',
    activeState: show.ActiveState ?? '',
    live,
    persistent: parseDropins(s.persistent ?? ''),
    runtime: parseDropins(s.runtime ?? ''),
  };
}

/** The file names `systemctl set-property` gives a key's drop-in (machinist removes only these). */
export function ownDropinNames(key: LimitKey): string[] {
  return [`50-${key}.conf`, `50-${key}Scale.conf`, ...(key === 'CPUQuota' ? ['50-CPUQuotaPerSecUSec.conf'] : [])];
}

export interface LimitsDecision {
  /** Keys to set, with their values (one `systemctl set-property` for all). */
  set: Array<{ key: LimitKey; value: LimitValue }>;
  /** Keys whose drop-ins are removed (then daemon-reload). */
  remove: Array<{ key: LimitKey; files: string[] }>;
  /** Problems that stop the task before anything changes. */
  errors: string[];
  warnings: string[];
}

/**
 * What to do for each asked key: `wanted[key]` a value to set, or null to remove it. A value is set
 * when the drop-in of the chosen directory lacks it or the live value differs; a removal happens when
 * that directory assigns the key.
 */
export function decideLimits(state: LimitsState, wanted: Partial<Record<LimitKey, LimitValue | null>>, runtime: boolean): LimitsDecision {
  const d: LimitsDecision = { set: [], remove: [], errors: [], warnings: [] };
  const mine = runtime ? state.runtime : state.persistent;
  const dir = runtime ? RUNTIME_CONTROL_DIR : PERSISTENT_CONTROL_DIR;
  for (const key of LIMIT_KEYS) {
    if (!(key in wanted)) continue;
    const w = wanted[key];
    const stored = mine[key];
    if (w === null || w === undefined) {
      if (!stored) continue;
      const foreign = stored.files.filter((f) => !ownDropinNames(key).includes(f));
      if (foreign.length) {
        d.errors.push(`${key} is also set in ${foreign.map((f) => `${dir}/…/${f}`).join(', ')}, a drop-in systemctl set-property did not write: edit it by hand`);
        continue;
      }
      d.remove.push({ key, files: stored.files });
      continue;
    }
    if (runtime) {
      const p = state.persistent[key];
      if (p && p.value !== w.norm) {
        d.errors.push(
          `${key} is set persistently (${PERSISTENT_CONTROL_DIR}/…/${p.files.join(', ')}), and a persistent set-property drop-in takes precedence over a runtime one: remove it first (runtime: false, ${key}: null)`,
        );
        continue;
      }
    }
    if (!runtime) {
      const r = state.runtime[key];
      if (r && r.value !== w.norm) d.warnings.push(`${key} is also set for this boot in ${RUNTIME_CONTROL_DIR}/…/${r.files.join(', ')}; that runtime drop-in is left in place (runtime: true, ${key}: null removes it)`);
    }
    const storedOk = stored !== undefined && stored.value === w.norm;
    const liveOk = !liveComparable(key, w.norm) || state.live[key] === w.norm;
    if (!storedOk || !liveOk) d.set.push({ key, value: w });
  }
  return d;
}

/**
 * The values expected once the decision is applied (for the diff and check mode). A removed key
 * falls back to what the other control directory sets, else to the unit's default (null here).
 */
export function limitsAfter(state: LimitsState, d: LimitsDecision, runtime: boolean): Record<LimitKey, string | null> {
  const after = { ...state.live };
  const other = runtime ? state.persistent : state.runtime;
  for (const { key, value } of d.set) after[key] = value.norm;
  for (const { key } of d.remove) after[key] = other[key]?.value ?? null;
  return after;
}

/**
 * Values for the result: `live` (what systemd shows), except that a memory or task percentage keeps
 * its percent form (systemd shows it resolved to bytes or a count).
 */
export function withPercentages(live: Record<LimitKey, string | null>, state: LimitsState, d?: LimitsDecision): Record<LimitKey, string | null> {
  const out = { ...live };
  for (const key of LIMIT_KEYS) {
    if (d?.remove.some((r) => r.key === key)) continue;
    const set = d?.set.find((s) => s.key === key);
    const stored = set ? set.value.norm : (state.persistent[key]?.value ?? state.runtime[key]?.value ?? null);
    if (stored !== null && stored.endsWith('%')) out[key] = stored;
  }
  return out;
}

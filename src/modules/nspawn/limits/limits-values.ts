/**
 * The resource limits machine_limits manages, their validation and the one normal form every side is
 * compared in: what the user wrote, what `systemctl show` prints and what the drop-ins systemd wrote
 * say. Pure functions (unit-tested).
 *
 * Normal forms (strings): sizes in bytes ("1073741824") or "infinity"; memory percentages "50%"
 * (systemd keeps them as a share of RAM: `show` prints bytes, so only the drop-in can be compared);
 * CPUQuota as microseconds of CPU time per second ("500000" for 50%; `show` prints
 * CPUQuotaPerSecUSec=500ms); weights as integers; TasksMax a number, "infinity" or a percentage;
 * AllowedCPUs a sorted range list ("0-1,3"). An unset value is null.
 */

export const LIMIT_KEYS = ['MemoryMax', 'MemoryHigh', 'MemorySwapMax', 'CPUQuota', 'CPUWeight', 'TasksMax', 'IOWeight', 'AllowedCPUs'] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];

/** The property `systemctl show` prints for each key. */
export const SHOW_PROPERTY: Record<LimitKey, string> = {
  MemoryMax: 'MemoryMax',
  MemoryHigh: 'MemoryHigh',
  MemorySwapMax: 'MemorySwapMax',
  CPUQuota: 'CPUQuotaPerSecUSec',
  CPUWeight: 'CPUWeight',
  TasksMax: 'TasksMax',
  IOWeight: 'IOWeight',
  AllowedCPUs: 'AllowedCPUs',
};

/** A limit's value: the normal form, and the text handed to `systemctl set-property`. */
export interface LimitValue {
  norm: string;
  arg: string;
}

const MULT: Record<string, bigint> = { '': 1n, K: 1n << 10n, M: 1n << 20n, G: 1n << 30n, T: 1n << 40n, P: 1n << 50n, E: 1n << 60n };
const U64_MAX = (1n << 64n) - 1n;

/** "512M", "1.5G", "1073741824", 1024 → bytes (base 1024, as systemd's parse_size); undefined when not a size. */
export function parseSize(v: string | number): bigint | undefined {
  const s = typeof v === 'number' ? (Number.isSafeInteger(v) && v >= 0 ? String(v) : '') : v.trim();
  const m = /^(\d+)(?:\.(\d+))? ?([KMGTPE]?)B?$/i.exec(s);
  if (!m) return undefined;
  const mult = MULT[m[3].toUpperCase()];
  let bytes = BigInt(m[1]) * mult;
  if (m[2]) bytes += (BigInt(m[2]) * mult) / 10n ** BigInt(m[2].length);
  return bytes > U64_MAX ? undefined : bytes;
}

/** "50%", "12.5%" → its number (0 < n ≤ max); undefined when not a percentage. */
export function parsePercent(v: string, max = Infinity): number | undefined {
  const m = /^(\d+(?:\.\d{1,2})?)%$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 0 && n <= max ? n : undefined;
}

function percentText(n: number): string {
  return `${Number(n.toFixed(2))}%`;
}

const SPAN_UNITS: Record<string, number> = {
  us: 1, usec: 1, µs: 1, ms: 1_000, msec: 1_000, s: 1_000_000, sec: 1_000_000, second: 1_000_000, seconds: 1_000_000,
  m: 60_000_000, min: 60_000_000, minute: 60_000_000, minutes: 60_000_000, h: 3_600_000_000, hr: 3_600_000_000, hour: 3_600_000_000, hours: 3_600_000_000,
};

/** systemd's time span text ("500ms", "2.500000s", "1min 40s") → microseconds; "infinity" → undefined. */
export function parseTimespanUsec(text: string): number | undefined {
  const s = text.trim();
  if (s === '' || s === 'infinity') return undefined;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)\s*([a-zµ]*)/gy;
  let pos = 0;
  for (;;) {
    while (s[pos] === ' ') pos++;
    if (pos >= s.length) break;
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) throw new Error(`not a time span: ${JSON.stringify(text)}`);
    const unit = SPAN_UNITS[m[2] || 's'];
    if (unit === undefined) throw new Error(`unknown time unit in ${JSON.stringify(text)}`);
    total += Math.round(Number(m[1]) * unit);
    pos = re.lastIndex;
  }
  return total;
}

/** "0-1,3", "0 1 3", [0, 1, 3] → the sorted range list systemd prints ("0-1,3"); undefined when invalid. */
export function normalizeCpuSet(v: string | number | Array<string | number>): string | undefined {
  const parts = (Array.isArray(v) ? v.map(String) : [String(v)]).flatMap((p) => p.split(/[\s,]+/)).filter((p) => p !== '');
  const cpus = new Set<number>();
  for (const p of parts) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(p);
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo || hi > 8191) return undefined;
    for (let c = lo; c <= hi; c++) cpus.add(c);
  }
  const sorted = [...cpus].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

export class LimitValueError extends Error {}

/** Validate and normalise what the user wrote for a key (throws LimitValueError with the reason). */
export function normalizeLimit(key: LimitKey, input: string | number | Array<string | number>): LimitValue {
  const fail = (what: string): never => {
    throw new LimitValueError(`${key}: ${what}, got ${JSON.stringify(input)}`);
  };
  if (Array.isArray(input) && key !== 'AllowedCPUs') fail('expected a single value');
  const text = Array.isArray(input) ? '' : String(input).trim();
  switch (key) {
    case 'MemoryMax':
    case 'MemoryHigh':
    case 'MemorySwapMax': {
      if (text === 'infinity') return { norm: 'infinity', arg: 'infinity' };
      if (text.endsWith('%')) {
        const p = parsePercent(text, 100);
        if (p === undefined) fail('expected a percentage of the memory between 0% and 100% (at most 2 decimals)');
        return { norm: percentText(p!), arg: percentText(p!) };
      }
      const b = parseSize(typeof input === 'number' ? input : text);
      if (b === undefined) fail('expected a size such as 512M, 2G, 1073741824, a percentage such as 50%, or infinity');
      return { norm: b!.toString(), arg: b!.toString() };
    }
    case 'CPUQuota': {
      // systemd 252 keeps only whole percents in the drop-in it writes (12.5% is persisted as 12%)
      const m = /^(\d+)%$/.exec(text);
      const n = m ? Number(m[1]) : 0;
      if (!m || n < 1 || n > 1_000_000) fail('expected a whole percentage of one CPU such as 50% or 200% (systemd persists whole percents only)');
      return { norm: String(n * 10_000), arg: `${n}%` };
    }
    case 'CPUWeight':
    case 'IOWeight': {
      if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 10_000) fail('expected a weight between 1 and 10000');
      return { norm: String(Number(text)), arg: String(Number(text)) };
    }
    case 'TasksMax': {
      if (text === 'infinity') return { norm: 'infinity', arg: 'infinity' };
      if (text.endsWith('%')) {
        const p = parsePercent(text, 100);
        if (p === undefined || p === 0) fail('expected a percentage between 0% and 100%');
        return { norm: percentText(p!), arg: percentText(p!) };
      }
      if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) fail('expected a number of tasks (at least 1), a percentage such as 10%, or infinity');
      return { norm: String(Number(text)), arg: String(Number(text)) };
    }
    case 'AllowedCPUs': {
      const set = normalizeCpuSet(input);
      if (set === undefined || set === '') fail('expected CPU indexes and ranges such as "0-1,3" or [0, 1]');
      return { norm: set!, arg: set! };
    }
  }
}

/** A value as `systemctl show` prints it, in normal form (null: not set). */
export function normalizeShown(key: LimitKey, shown: string | undefined): string | null {
  const v = (shown ?? '').trim();
  if (v === '' || v === '[not set]') return null;
  switch (key) {
    case 'CPUQuota': {
      const us = parseTimespanUsec(v);
      return us === undefined ? null : String(us);
    }
    case 'AllowedCPUs':
      return normalizeCpuSet(v) || null;
    case 'CPUWeight':
    case 'IOWeight':
      // an unset weight is printed as "[not set]", or as the all-ones "unset" marker by some versions
      return v === '18446744073709551615' ? null : v;
    default:
      return v;
  }
}

/** A value as a drop-in written by systemd says it (`MemoryHigh=50.00%`, `CPUQuota=150%`), in normal form. */
export function normalizeStored(key: LimitKey, stored: string): string | null {
  const v = stored.trim();
  if (v === '') return null;
  try {
    return normalizeLimit(key, v).norm;
  } catch {
    // systemd wrote it: take it verbatim (compared as text; a mismatch only causes a rewrite)
    return v;
  }
}

/** A normal form as people read it: bytes and quota as written by systemd's users ("1G", "50%"). */
export function displayLimit(key: LimitKey, norm: string | null): string | null {
  if (norm === null) return null;
  if (key === 'CPUQuota' && /^\d+$/.test(norm)) return percentText(Number(norm) / 10_000);
  if ((key === 'MemoryMax' || key === 'MemoryHigh' || key === 'MemorySwapMax') && /^\d+$/.test(norm)) {
    const b = BigInt(norm);
    for (const [suffix, mult] of [['E', MULT.E], ['P', MULT.P], ['T', MULT.T], ['G', MULT.G], ['M', MULT.M], ['K', MULT.K]] as const) {
      if (b >= mult && b % mult === 0n) return `${b / mult}${suffix}`;
    }
  }
  return norm;
}

/** Whether the live value (from `show`) can be compared with a wanted normal form. */
export function liveComparable(key: LimitKey, norm: string): boolean {
  // percentages of memory or of the task limit are shown resolved (bytes, a count)
  return !norm.endsWith('%');
}

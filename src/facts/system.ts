/** date_time, user, env, dns and the small one-line facts (machine_id, uptime, loadavg, fips). */
import { first, keyValues, lines, text, type Sections } from './sections.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** Ansible's date_time from `date '+%s %N %z %Z'` (local fields computed with the host's offset). */
export function dateTimeFacts(line: string | undefined): Record<string, unknown> {
  const m = line ? /^(\d+)\s+(\d{1,9}|%N)\s+([+-])(\d\d)(\d\d)\s*(\S*)/.exec(line.trim()) : null;
  if (!m) return {};
  const epoch = Number(m[1]);
  const micro = m[2] === '%N' ? 0 : Math.floor(Number(m[2].padEnd(9, '0')) / 1000);
  const offsetMin = (m[3] === '-' ? -1 : 1) * (Number(m[4]) * 60 + Number(m[5]));
  const utc = new Date(epoch * 1000);
  const loc = new Date((epoch + offsetMin * 60) * 1000);
  const Y = loc.getUTCFullYear();
  const mo = p2(loc.getUTCMonth() + 1);
  const d = p2(loc.getUTCDate());
  const h = p2(loc.getUTCHours());
  const mi = p2(loc.getUTCMinutes());
  const s = p2(loc.getUTCSeconds());
  const wday = loc.getUTCDay();
  const yday = Math.floor((Date.UTC(Y, loc.getUTCMonth(), loc.getUTCDate()) - Date.UTC(Y, 0, 1)) / 86_400_000);
  const weeknumber = Math.floor((yday + 7 - ((wday + 6) % 7)) / 7);
  const us = String(micro).padStart(6, '0');
  const utcIso = utc.toISOString().slice(0, 19);
  return {
    date_time: {
      year: String(Y), month: mo, day: d, hour: h, minute: mi, second: s,
      weekday: DAYS[wday], weekday_number: String(wday), weeknumber: p2(weeknumber),
      epoch: String(epoch), epoch_int: String(epoch),
      date: `${Y}-${mo}-${d}`, time: `${h}:${mi}:${s}`,
      iso8601: `${utcIso}Z`, iso8601_micro: `${utcIso}.${us}Z`,
      iso8601_basic: `${Y}${mo}${d}T${h}${mi}${s}${us}`, iso8601_basic_short: `${Y}${mo}${d}T${h}${mi}${s}`,
      tz: m[6] || 'UTC', tz_dst: m[6] || 'UTC', tz_offset: `${m[3]}${m[4]}${m[5]}`,
    },
  };
}

/** user_* facts from `id` and the passwd entry (user_id is the name, as in Ansible). */
export function userFacts(s: Sections): Record<string, unknown> {
  const id = first(s, 'id');
  const m = id ? /uid=(\d+)(?:\(([^)]*)\))?\s+gid=(\d+)/.exec(id) : null;
  if (!m) return {};
  const facts: Record<string, unknown> = {
    user_uid: Number(m[1]),
    user_gid: Number(m[3]),
    real_user_id: Number(m[1]),
    effective_user_id: Number(m[1]),
    real_group_id: Number(m[3]),
    effective_group_id: Number(m[3]),
  };
  if (m[2]) facts.user_id = m[2];
  const pw = first(s, 'passwd')?.split(':');
  if (pw && pw.length >= 7) {
    facts.user_id = pw[0];
    facts.user_gecos = pw[4];
    facts.user_dir = pw[5];
    facts.user_shell = pw[6];
  }
  return facts;
}

export function envFacts(s: Sections): Record<string, unknown> {
  const env = keyValuesRaw(text(s, 'env'));
  return Object.keys(env).length ? { env } : {};
}

/** KEY=VALUE lines with values taken literally (no quote removal). */
function keyValuesRaw(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of body.split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(l);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

export function dnsFacts(s: Sections): Record<string, unknown> {
  const dns: Record<string, unknown> = {};
  for (const l of lines(s, 'resolv')) {
    const [key, ...rest] = l.trim().split(/\s+/);
    if (key.startsWith('#') || key.startsWith(';')) continue;
    if (key === 'nameserver' && rest[0]) ((dns.nameservers as string[] | undefined) ?? (dns.nameservers = [] as string[]) as string[]).push(rest[0]);
    else if (key === 'domain' && rest[0]) dns.domain = rest[0];
    else if (key === 'search') dns.search = rest;
    else if (key === 'options') {
      const opts = (dns.options ?? {}) as Record<string, string | boolean>;
      for (const o of rest) {
        const [k, v] = o.split(':');
        opts[k] = v ?? true;
      }
      dns.options = opts;
    }
  }
  return Object.keys(dns).length ? { dns } : {};
}

export function miscFacts(s: Sections): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  const mid = first(s, 'machine_id');
  if (mid) facts.machine_id = mid;
  const up = first(s, 'uptime');
  if (up && Number.isFinite(parseFloat(up))) facts.uptime_seconds = Math.floor(parseFloat(up));
  const la = first(s, 'loadavg')?.split(/\s+/);
  if (la && la.length >= 3) facts.loadavg = { '1m': Number(la[0]), '5m': Number(la[1]), '15m': Number(la[2]) };
  facts.fips = first(s, 'fips') === '1';
  const exists = new Set(lines(s, 'exists').map((l) => l.trim()));
  facts.apparmor = { status: exists.has('/sys/kernel/security/apparmor') ? 'enabled' : 'disabled' };
  return facts;
}

/**
 * python and python_version, as Ansible's facts from the interpreter that runs its modules: here
 * from the host's Python when it has one (the script's python section), else none.
 */
export function pythonFacts(s: Sections): Record<string, unknown> {
  const [executable, version, type, ssl] = lines(s, 'python').map((l) => l.trim());
  const v = version?.split(' ') ?? [];
  if (!executable || v.length !== 5) return {};
  const [major, minor, micro, releaselevel, serial] = v;
  const version_info = [Number(major), Number(minor), Number(micro), releaselevel, Number(serial)];
  return {
    python: {
      executable, has_sslcontext: ssl === 'True', type: type || 'cpython',
      version: { major: Number(major), micro: Number(micro), minor: Number(minor), releaselevel, serial: Number(serial) }, version_info,
    },
    python_version: `${major}.${minor}.${micro}`,
  };
}

export { keyValues };

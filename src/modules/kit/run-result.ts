/**
 * Result fields in Ansible's formats: start/end as Python's str(datetime) ("2024-05-01
 * 12:34:56.123456"), delta as str(timedelta) ("0:00:00.012345"), *_lines as splitlines().
 */

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Python str(datetime.now()) for a time in ms since the epoch (µs precision kept), local time. */
export function pyDatetime(ms: number): string {
  const whole = Math.floor(ms);
  const d = new Date(whole);
  const micro = Math.round((ms - whole) * 1000) + d.getMilliseconds() * 1000;
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return micro ? `${base}.${pad(Math.min(micro, 999999), 6)}` : base;
}

/** Python str(timedelta) for a duration in ms (µs precision). */
export function pyTimedelta(ms: number): string {
  const totalMicro = Math.max(0, Math.round(ms * 1000));
  const micro = totalMicro % 1_000_000;
  let secs = Math.floor(totalMicro / 1_000_000);
  const days = Math.floor(secs / 86400);
  secs %= 86400;
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  let out = `${h}:${pad(m)}:${pad(s)}`;
  if (micro) out += '.' + pad(micro, 6);
  if (days) out = `${days} day${days === 1 ? '' : 's'}, ${out}`;
  return out;
}

/** Python's str.splitlines() (line breaks \n, \r\n, \r and the other Unicode ones). */
export function splitLines(s: string): string[] {
  if (s === '') return [];
  const lines = s.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (/(\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])$/.test(s)) lines.pop();
  return lines;
}

/** strip_empty_ends: drop trailing newlines (Python rstrip('\r\n')). */
export function stripEnds(s: string): string {
  return s.replace(/[\r\n]+$/, '');
}

/** A clock with µs resolution for start/end stamps. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Add stdout_lines / stderr_lines as Ansible's executor does. */
export function withLines<T extends { stdout?: string; stderr?: string }>(r: T): T & { stdout_lines: string[]; stderr_lines: string[] } {
  return { ...r, stdout_lines: splitLines(r.stdout ?? ''), stderr_lines: splitLines(r.stderr ?? '') };
}

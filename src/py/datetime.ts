/**
 * Python's naive datetime as Ansible's to_datetime filter makes it (datetime.strptime): ordered and
 * compared like Python's, printed as str(datetime) ("2020-03-26 01:23:45[.ffffff]").
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAYS = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*';

export class PyDateTime {
  /** Milliseconds since 1970-01-01 of the naive time read as UTC, and the microseconds beyond them. */
  constructor(
    readonly ms: number,
    readonly micro: number,
  ) {}
  /** Microseconds since 1970-01-01 (naive). */
  get value(): number {
    return this.ms * 1000 + this.micro;
  }
  toString(): string {
    const d = new Date(this.ms);
    const p = (n: number, w = 2): string => String(n).padStart(w, '0');
    const base = `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
    return this.micro ? `${base}.${p(this.micro, 6)}` : base;
  }
}

export class StrptimeError extends Error {}

const DIRECTIVES: Record<string, [string, (m: string, f: Fields) => void]> = {
  Y: ['\\d{4}', (m, f) => (f.Y = Number(m))],
  y: ['\\d{1,2}', (m, f) => (f.Y = Number(m) + (Number(m) < 69 ? 2000 : 1900))],
  m: ['\\d{1,2}', (m, f) => (f.m = Number(m))],
  d: ['\\d{1,2}', (m, f) => (f.d = Number(m))],
  H: ['\\d{1,2}', (m, f) => (f.H = Number(m))],
  I: ['\\d{1,2}', (m, f) => (f.I = Number(m))],
  M: ['\\d{1,2}', (m, f) => (f.M = Number(m))],
  S: ['\\d{1,2}', (m, f) => (f.S = Number(m))],
  f: ['\\d{1,6}', (m, f) => (f.f = Number(m.padEnd(6, '0')))],
  p: ['am|pm', (m, f) => (f.pm = m.toLowerCase() === 'pm')],
  b: [MONTHS.join('|'), (m, f) => (f.m = MONTHS.indexOf(m.toLowerCase()) + 1)],
  B: [MONTH_NAMES.join('|'), (m, f) => (f.m = MONTH_NAMES.indexOf(m.toLowerCase()) + 1)],
  a: [DAYS, () => undefined],
  A: [DAYS, () => undefined],
  j: ['\\d{1,3}', (m, f) => (f.j = Number(m))],
};

interface Fields {
  Y: number;
  m: number;
  d: number;
  H: number;
  I?: number;
  pm?: boolean;
  M: number;
  S: number;
  f: number;
  j?: number;
}

/** datetime.strptime(text, format) for the common directives. */
export function strptime(text: string, format: string): PyDateTime {
  const setters: Array<(m: string, f: Fields) => void> = [];
  let re = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '%' && i + 1 < format.length) {
      const k = format[++i];
      if (k === '%') re += '%';
      else if (DIRECTIVES[k]) {
        re += `(${DIRECTIVES[k][0]})`;
        setters.push(DIRECTIVES[k][1]);
      } else throw new StrptimeError(`'${k}' is a bad directive in format '${format.replace(/'/g, "\\'")}'`);
    } else if (/\s/.test(c)) re += '\\s+';
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const m = new RegExp(`^${re}$`, 'i').exec(text);
  if (!m) throw new StrptimeError(`time data '${text}' does not match format '${format}'`);
  const f: Fields = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0, f: 0 };
  setters.forEach((set, i) => set(m[i + 1], f));
  if (f.I !== undefined) f.H = (f.I % 12) + (f.pm ? 12 : 0);
  const ms = f.j !== undefined ? Date.UTC(f.Y, 0, f.j, f.H, f.M, f.S) : Date.UTC(f.Y, f.m - 1, f.d, f.H, f.M, f.S);
  const d = new Date(ms);
  if (f.j === undefined && (f.m < 1 || f.m > 12 || d.getUTCDate() !== f.d || f.H > 23 || f.M > 59 || f.S > 61)) {
    throw new StrptimeError(f.m < 1 || f.m > 12 ? `time data '${text}' does not match format '${format}'` : 'day is out of range for month');
  }
  return new PyDateTime(ms, f.f);
}

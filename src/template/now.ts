/**
 * Ansible's now(utc=False, fmt=None) template global: the controller's current time, as Python's
 * datetime.strftime(fmt) when a format is given, else as str(datetime) ("2024-01-02 03:04:05.123456").
 */
import { bind } from './args.js';
import { pyStr, truthy } from './pyvalues.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Python's strftime for the common directives, of `d` read as UTC (`utc`) or local time; micro: the microseconds. */
export function strftime(fmt: string, d: Date, utc: boolean, micro: number): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const g = utc
    ? { Y: d.getUTCFullYear(), m: d.getUTCMonth(), d: d.getUTCDate(), H: d.getUTCHours(), M: d.getUTCMinutes(), S: d.getUTCSeconds(), w: d.getUTCDay() }
    : { Y: d.getFullYear(), m: d.getMonth(), d: d.getDate(), H: d.getHours(), M: d.getMinutes(), S: d.getSeconds(), w: d.getDay() };
  return fmt.replace(/%([a-zA-Z%])/g, (all, c: string) => {
    switch (c) {
      case 'Y': return String(g.Y);
      case 'y': return p(g.Y % 100);
      case 'm': return p(g.m + 1);
      case 'd': return p(g.d);
      case 'H': return p(g.H);
      case 'I': return p(g.H % 12 || 12);
      case 'p': return g.H < 12 ? 'AM' : 'PM';
      case 'M': return p(g.M);
      case 'S': return p(g.S);
      case 'f': return p(micro, 6);
      case 's': return String(Math.floor(d.getTime() / 1000));
      case 'A': return DAYS[g.w];
      case 'a': return DAYS[g.w].slice(0, 3);
      case 'B': return MONTHS[g.m];
      case 'b': return MONTHS[g.m].slice(0, 3);
      case 'w': return String(g.w);
      case 'z': return utc ? '+0000' : (() => { const o = -d.getTimezoneOffset(); return (o < 0 ? '-' : '+') + p(Math.floor(Math.abs(o) / 60)) + p(Math.abs(o) % 60); })();
      case '%': return '%';
      default: return all;
    }
  });
}

/** Python's str() of a naive local datetime: "2024-01-02 03:04:05.123456", the fraction only when not zero. */
export function pyDatetime(d: Date, micro: number): string {
  return strftime('%Y-%m-%d %H:%M:%S', d, false, 0) + (micro ? '.' + String(micro).padStart(6, '0') : '');
}

export function now(...args: unknown[]): string {
  const a = bind('now', args, ['utc', 'fmt'], { utc: false, fmt: null });
  const d = new Date();
  const micro = d.getMilliseconds() * 1000;
  const utc = truthy(a.utc);
  if (a.fmt !== null && a.fmt !== undefined) return strftime(pyStr(a.fmt), d, utc, micro);
  return utc ? strftime('%Y-%m-%d %H:%M:%S', d, true, 0) + (micro ? '.' + String(micro).padStart(6, '0') : '') : pyDatetime(d, micro);
}

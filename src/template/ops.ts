/** Python operators on template values: + - * / // % ** with Python's types and errors. */
import { TemplateError, Undefined } from './errors.js';
import { isDict, prim, pyRepr, pyStr, typeName } from './pyvalues.js';

function val(v: unknown): unknown {
  if (v instanceof Undefined) throw v.error();
  return prim(v);
}

const isNum = (v: unknown): v is number | boolean => typeof v === 'number' || typeof v === 'boolean';

function unsupported(op: string, a: unknown, b: unknown): TemplateError {
  return new TemplateError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Python's %-formatting: "%s-%03d" % (a, b), "%(name)s" % dict. */
export function percentFormat(fmt: string, arg: unknown): string {
  const list = Array.isArray(arg) ? arg : [arg];
  let i = 0;
  const out = fmt.replace(/%(\(([^)]*)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdifrxXoeEgGc%])/g, (_m, _k, key: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    let v: unknown;
    if (key !== undefined) {
      if (!isDict(arg)) throw new TemplateError('format requires a mapping');
      v = arg[key];
    } else {
      if (i >= list.length) throw new TemplateError('not enough arguments for format string');
      v = list[i++];
    }
    v = val(v);
    let s: string;
    const num = (): number => {
      const n = typeof v === 'string' && conv !== 's' ? NaN : Number(v);
      if (Number.isNaN(n)) throw new TemplateError(`%${conv} format: a real number is required, not ${typeName(v)}`);
      return n;
    };
    switch (conv) {
      case 's':
        s = pyStr(v);
        if (prec !== undefined) s = s.slice(0, Number(prec));
        break;
      case 'r':
        s = pyRepr(v);
        break;
      case 'd':
      case 'i':
        s = String(Math.trunc(num()));
        break;
      case 'f':
        s = num().toFixed(prec === undefined ? 6 : Number(prec));
        break;
      case 'e':
      case 'E':
        s = num().toExponential(prec === undefined ? 6 : Number(prec)).replace(/e([+-])(\d)$/, 'e$10$2');
        if (conv === 'E') s = s.toUpperCase();
        break;
      case 'g':
      case 'G':
        s = String(Number(num().toPrecision(prec === undefined ? 6 : Math.max(1, Number(prec)))));
        break;
      case 'x':
        s = Math.trunc(num()).toString(16);
        break;
      case 'X':
        s = Math.trunc(num()).toString(16).toUpperCase();
        break;
      case 'o':
        s = Math.trunc(num()).toString(8);
        break;
      case 'c':
        s = typeof v === 'number' ? String.fromCodePoint(v) : String(v);
        break;
      default:
        s = pyStr(v);
    }
    if (flags.includes('+') && /^\d/.test(s) && 'difeEgG'.includes(conv)) s = '+' + s;
    const w = width === undefined ? 0 : width === '*' ? 0 : Number(width);
    if (s.length < w) {
      if (flags.includes('-')) s = s.padEnd(w);
      else if (flags.includes('0') && 'difeEgGxXo'.includes(conv)) {
        const sign = /^[+-]/.test(s) ? s[0] : '';
        s = sign + s.slice(sign.length).padStart(w - sign.length, '0');
      } else s = s.padStart(w);
    }
    return s;
  });
  if (!isDict(arg) && i < list.length && Array.isArray(arg)) throw new TemplateError('not all arguments converted during string formatting');
  return out;
}

export function binop(op: string, a: unknown, b: unknown): unknown {
  a = val(a);
  b = val(b);
  switch (op) {
    case '+':
      if (isNum(a) && isNum(b)) return Number(a) + Number(b);
      if (typeof a === 'string' && typeof b === 'string') return a + b;
      if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
      if (typeof a === 'string') throw new TemplateError(`can only concatenate str (not "${typeName(b)}") to str`);
      if (Array.isArray(a)) throw new TemplateError(`can only concatenate list (not "${typeName(b)}") to list`);
      throw unsupported('+', a, b);
    case '-':
      if (isNum(a) && isNum(b)) return Number(a) - Number(b);
      throw unsupported('-', a, b);
    case '*':
      if (isNum(a) && isNum(b)) return Number(a) * Number(b);
      if ((typeof a === 'string' || Array.isArray(a)) && typeof b === 'number' && Number.isInteger(b)) return repeat(a, b);
      if ((typeof b === 'string' || Array.isArray(b)) && typeof a === 'number' && Number.isInteger(a)) return repeat(b, a);
      throw unsupported('*', a, b);
    case '/':
    case '//':
    case '%': {
      if (op === '%' && typeof a === 'string') return percentFormat(a, b);
      if (!isNum(a) || !isNum(b)) throw unsupported(op, a, b);
      const x = Number(a);
      const y = Number(b);
      if (y === 0) throw new TemplateError(op === '%' ? 'integer division or modulo by zero' : 'division by zero');
      if (op === '/') return x / y;
      if (op === '//') return Math.floor(x / y);
      return ((x % y) + y) % y;
    }
    case '**':
      if (isNum(a) && isNum(b)) return Math.pow(Number(a), Number(b));
      throw unsupported('** or pow()', a, b);
  }
  throw new TemplateError(`unknown operator ${op}`);
}

function repeat(v: string | unknown[], n: number): string | unknown[] {
  if (typeof v === 'string') return n > 0 ? v.repeat(n) : '';
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(...v);
  return out;
}

export function unary(op: '-' | '+', a: unknown): number {
  a = val(a);
  if (!isNum(a)) throw new TemplateError(`bad operand type for unary ${op}: '${typeName(a)}'`);
  return op === '-' ? -Number(a) : Number(a);
}

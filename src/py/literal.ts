/**
 * Python literals (ast.literal_eval), for INI inventory values and templates' results
 * (literalEval). INI inventory values are read the way Ansible reads them: Python literals —
 * numbers, quoted strings, True/False/None, lists, tuples, dicts, sets — and anything else kept as
 * the text it is. JSON's true/false/null are taken as well, so `[1, true]` and `flag=true` mean what
 * they look like. `0644` is not a Python literal and stays the string "0644".
 */

export type PyParse = { ok: true; value: unknown } | { ok: false };

class Fail extends Error {}

/** Parse a whole value as one Python literal (a trailing `# comment` is allowed, as in Python). */
export function parsePyLiteral(text: string, json = true): PyParse {
  const p = new Parser(text, json);
  try {
    p.ws();
    let value = p.value();
    p.ws();
    if (p.peek() === ',') {
      // a bare tuple: 1, 2 → [1, 2]
      const items = [value];
      while (p.eat(',')) {
        p.ws();
        if (p.done()) break;
        items.push(p.value());
        p.ws();
      }
      value = items;
    }
    p.ws();
    if (!p.done()) return { ok: false };
    return { ok: true, value };
  } catch (e) {
    if (e instanceof Fail) return { ok: false };
    throw e;
  }
}

/**
 * Python's ast.literal_eval(ast.parse(text, mode='eval')) as Ansible's template results use it:
 * leading blanks are an indentation error (no literal); with `json`, true/false/null are taken as
 * well (Ansible's Json2Python, outside jinja2_native).
 */
export function literalEval(text: string, json: boolean): PyParse {
  if (/^[ \t\f]/.test(text)) return { ok: false };
  return parsePyLiteral(text, json);
}

/** Ansible's INI value: the literal when there is one, else the text. */
export function iniValue(text: string): unknown {
  const r = parsePyLiteral(text);
  return r.ok ? r.value : text;
}

const NUMBER = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)/;

class Parser {
  private i = 0;
  constructor(
    private readonly s: string,
    /** JSON's true/false/null read as True/False/None. */
    private readonly json: boolean,
  ) {}

  done(): boolean {
    return this.i >= this.s.length;
  }
  peek(): string {
    return this.s[this.i] ?? '';
  }
  eat(c: string): boolean {
    if (this.s[this.i] === c) {
      this.i++;
      return true;
    }
    return false;
  }
  /** Skip white space and a comment to the end of the line. */
  ws(): void {
    for (;;) {
      while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
      if (this.s[this.i] !== '#') return;
      while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
    }
  }

  value(): unknown {
    const c = this.peek();
    if (c === '[') return this.seq('[', ']');
    if (c === '(') return this.tuple();
    if (c === '{') return this.dict();
    if (c === '-' || c === '+') {
      this.i++;
      this.ws();
      const n = this.value();
      if (typeof n !== 'number') throw new Fail();
      return c === '-' ? -n : n;
    }
    const str = /^[rRuUbB]{0,2}['"]/.exec(this.s.slice(this.i));
    if (str) return this.strings();
    const word = /^[A-Za-z_]\w*/.exec(this.s.slice(this.i));
    if (word) {
      this.i += word[0].length;
      const w = word[0];
      if (w === 'True' || (this.json && w === 'true')) return true;
      if (w === 'False' || (this.json && w === 'false')) return false;
      if (w === 'None' || (this.json && w === 'null')) return null;
      throw new Fail();
    }
    return this.number();
  }

  private number(): number {
    const m = NUMBER.exec(this.s.slice(this.i));
    if (!m || m[0] === '' || m[0] === '.') throw new Fail();
    const t = m[0];
    this.i += t.length;
    if (/^[\w.]/.test(this.peek())) throw new Fail(); // 1j, 12abc, 1.2.3
    const clean = t.replace(/_/g, '');
    let n: number;
    if (/^0[xXoObB]/.test(clean)) n = Number(clean.toLowerCase());
    else if (/^\d+$/.test(clean)) {
      if (clean.length > 1 && clean.startsWith('0') && !/^0+$/.test(clean)) throw new Fail(); // 0644 is not Python 3
      n = Number(clean);
    } else n = Number(clean);
    if (!Number.isFinite(n)) throw new Fail();
    if (Number.isInteger(n) && !/[.eE]/.test(clean) && !Number.isSafeInteger(n)) throw new Fail(); // keep the digits
    return n;
  }

  /** One or more adjacent string literals ('a' 'b' is 'ab' in Python). */
  private strings(): string {
    let out = '';
    let any = false;
    for (;;) {
      const m = /^([rRuUbB]{0,2})('''|"""|'|")/.exec(this.s.slice(this.i));
      if (!m) break;
      any = true;
      this.i += m[0].length;
      out += this.stringBody(m[2], /r/i.test(m[1]));
      const save = this.i;
      this.ws();
      if (!/^[rRuUbB]{0,2}['"]/.test(this.s.slice(this.i))) {
        this.i = save;
        break;
      }
    }
    if (!any) throw new Fail();
    return out;
  }

  private stringBody(quote: string, rawMode: boolean): string {
    let out = '';
    for (;;) {
      if (this.done()) throw new Fail();
      if (this.s.startsWith(quote, this.i)) {
        this.i += quote.length;
        return out;
      }
      const c = this.s[this.i++];
      if (c === '\n' && quote.length === 1) throw new Fail();
      if (c !== '\\') {
        out += c;
        continue;
      }
      if (this.done()) throw new Fail();
      const e = this.s[this.i++];
      if (rawMode) {
        out += '\\' + e;
        continue;
      }
      out += escape(e, this);
    }
  }

  /** For escapes that read more characters (\x41, \u00e9, \101). */
  take(re: RegExp): string | undefined {
    const m = re.exec(this.s.slice(this.i));
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  private seq(open: string, close: string): unknown[] {
    this.eat(open);
    const items: unknown[] = [];
    this.ws();
    while (!this.eat(close)) {
      items.push(this.value());
      this.ws();
      if (this.eat(',')) {
        this.ws();
        continue;
      }
      if (!this.eat(close)) throw new Fail();
      break;
    }
    return items;
  }

  private tuple(): unknown[] {
    return this.seq('(', ')');
  }

  /** {k: v} → object; {a, b} (a set) → list. */
  private dict(): unknown {
    this.eat('{');
    this.ws();
    if (this.eat('}')) return {};
    const first = this.value();
    this.ws();
    if (!this.eat(':')) {
      const items = [first];
      while (this.eat(',')) {
        this.ws();
        if (this.peek() === '}') break;
        items.push(this.value());
        this.ws();
      }
      if (!this.eat('}')) throw new Fail();
      return items;
    }
    const out: Record<string, unknown> = {};
    let key = first;
    for (;;) {
      this.ws();
      if (key !== null && typeof key === 'object') throw new Fail(); // unhashable
      out[String(key)] = this.value();
      this.ws();
      if (this.eat('}')) return out;
      if (!this.eat(',')) throw new Fail();
      this.ws();
      if (this.eat('}')) return out;
      key = this.value();
      this.ws();
      if (!this.eat(':')) throw new Fail();
    }
  }
}

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '' };

function escape(e: string, p: Parser): string {
  if (e === 'x') {
    const h = p.take(/^[0-9a-fA-F]{2}/);
    if (!h) throw new Fail();
    return String.fromCharCode(parseInt(h, 16));
  }
  if (e === 'u' || e === 'U') {
    const h = p.take(e === 'u' ? /^[0-9a-fA-F]{4}/ : /^[0-9a-fA-F]{8}/);
    if (!h) throw new Fail();
    return String.fromCodePoint(parseInt(h, 16));
  }
  if (/[0-7]/.test(e)) {
    const more = p.take(/^[0-7]{0,2}/) ?? '';
    return String.fromCharCode(parseInt(e + more, 8));
  }
  return e in SIMPLE ? SIMPLE[e] : '\\' + e;
}

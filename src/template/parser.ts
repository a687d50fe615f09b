/**
 * Parsing: nunjucks' parser with the Jinja2 syntax Ansible users write and nunjucks lacks —
 * slices (x[1:], x[::-1]), numeric attribute lookup (groups.web.0) and loop filters
 * ({% for x in xs if x.enabled %}).
 */
import { unicodeEscapeDecode } from '../py/escape.js';
import { lexer, nodes, parserModule, transformer, type NjClass, type NjNode } from './nj.js';

const L = lexer as unknown as Record<string, string>;

/** Jinja2's slice node: start, stop, step (nulls when left out). */
export const Slice: NjClass = nodes.Node.extend('Slice', {
  fields: ['start', 'stop', 'step'],
  init(this: NjNode, lineno: number, colno: number, start?: NjNode, stop?: NjNode, step?: NjNode) {
    this.parent(lineno, colno, start ?? new nodes.Literal(lineno, colno, null), stop ?? new nodes.Literal(lineno, colno, null), step ?? new nodes.Literal(lineno, colno, null));
  },
});

const BaseParser: NjClass = parserModule.Parser;

/** Tokens that start a test's argument written without parentheses (Jinja2's parse_test). */
const TEST_ARG_START = new Set([L.TOKEN_SYMBOL, L.TOKEN_STRING, L.TOKEN_INT, L.TOKEN_FLOAT, L.TOKEN_BOOLEAN, L.TOKEN_NONE, L.TOKEN_LEFT_BRACKET, L.TOKEN_LEFT_CURLY]);
/** Names after a test that are the expression's next keyword, not the test's argument. */
const NOT_TEST_ARG = new Set(['else', 'or', 'and', 'if', 'is', 'in', 'not']);

class JinjaParser extends BaseParser {
  /** Call arguments, with Python's `*iterable` (spread into positional arguments by runtime.callWrap). */
  parseSignature(tolerant?: boolean, noParens?: boolean): NjNode {
    let tok = this.peekToken();
    if (noParens || tok.type !== L.TOKEN_LEFT_PAREN) return super.parseSignature(tolerant, noParens);
    tok = this.nextToken();
    const args = new nodes.NodeList(tok.lineno, tok.colno);
    const kwargs = new nodes.KeywordArgs(tok.lineno, tok.colno);
    let checkComma = false;
    for (;;) {
      tok = this.peekToken();
      if (tok.type === L.TOKEN_RIGHT_PAREN) {
        this.nextToken();
        break;
      }
      if (checkComma && !this.skip(L.TOKEN_COMMA)) this.fail('parseSignature: expected comma after expression', tok.lineno, tok.colno);
      if (this.peekToken().type === L.TOKEN_RIGHT_PAREN) continue;
      const star = this.peekToken();
      if (star.type === L.TOKEN_OPERATOR && star.value === '*') {
        this.nextToken();
        const expr = this.parseExpression();
        args.addChild(new nodes.Filter(star.lineno, star.colno, new nodes.Symbol(star.lineno, star.colno, '__splat__'), new nodes.NodeList(star.lineno, star.colno, [expr])));
      } else {
        const arg = this.parseExpression();
        if (this.skipValue(L.TOKEN_OPERATOR, '=')) kwargs.addChild(new nodes.Pair(arg.lineno, arg.colno, arg, this.parseExpression()));
        else args.addChild(arg);
      }
      checkComma = true;
    }
    if (kwargs.children.length) args.addChild(kwargs);
    return args;
  }

  parseAggregate(): NjNode {
    const state = { index: this.tokens.index - 1, lineno: this.tokens.lineno, colno: this.tokens.colno - 1 };
    const start = this.peekToken();
    if (start?.type !== L.TOKEN_LEFT_BRACKET) return super.parseAggregate();
    try {
      return super.parseAggregate();
    } catch (e) {
      const errState = { index: this.tokens.index, lineno: this.tokens.lineno, colno: this.tokens.colno };
      Object.assign(this.tokens, state);
      this.peeked = false;
      const tok = this.nextToken();
      // state pointed one token before '[' when the '[' was already peeked; resync to the bracket
      if (tok.type !== L.TOKEN_LEFT_BRACKET) {
        Object.assign(this.tokens, errState);
        throw e;
      }
      const node = new Slice(tok.lineno, tok.colno);
      const fields = ['start', 'stop', 'step'];
      let isSlice = false;
      for (let i = 0; i <= fields.length; i++) {
        if (this.skip(L.TOKEN_RIGHT_BRACKET)) break;
        if (i === fields.length) {
          if (isSlice) this.fail('too many slice components', tok.lineno, tok.colno);
          break;
        }
        if (this.skip(L.TOKEN_COLON)) {
          isSlice = true;
        } else {
          node[fields[i]] = this.parseExpression();
          isSlice = this.skip(L.TOKEN_COLON) || isSlice;
        }
      }
      if (!isSlice) {
        Object.assign(this.tokens, errState);
        throw e;
      }
      return new nodes.Array(tok.lineno, tok.colno, [node]);
    }
  }

  /**
   * `x is [not] name`, `x is name(args)` and, as Jinja2's parse_test, `x is name arg` (one argument
   * without parentheses: `x is sameas true`, `x is divisibleby 3`). Test names may be dotted.
   */
  parseIs(): NjNode {
    let node = this.parseCompare();
    if (!this.skipSymbol('is')) return node;
    const not = this.skipSymbol('not');
    const tok = this.nextToken();
    if (!tok || (tok.type !== L.TOKEN_SYMBOL && tok.type !== L.TOKEN_BOOLEAN && tok.type !== L.TOKEN_NONE)) {
      this.fail('expected a test name after "is"', tok?.lineno, tok?.colno);
    }
    let name = String(tok.value);
    for (;;) {
      const dot = this.peekToken();
      if (!(dot?.type === L.TOKEN_OPERATOR && dot.value === '.')) break;
      this.nextToken();
      const part = this.nextToken();
      if (!part || (part.type !== L.TOKEN_SYMBOL && part.type !== L.TOKEN_BOOLEAN && part.type !== L.TOKEN_NONE)) this.fail('expected a test name after "."', part?.lineno, part?.colno);
      name += '.' + part.value;
    }
    const test = new nodes.Symbol(tok.lineno, tok.colno, name);
    let right: NjNode = test;
    const next = this.peekToken();
    if (next?.type === L.TOKEN_LEFT_PAREN) {
      right = new nodes.FunCall(next.lineno, next.colno, test, this.parseSignature());
    } else if (next && TEST_ARG_START.has(next.type) && !(next.type === L.TOKEN_SYMBOL && NOT_TEST_ARG.has(next.value))) {
      const arg = this.parsePrimary();
      right = new nodes.FunCall(next.lineno, next.colno, test, new nodes.NodeList(next.lineno, next.colno, [arg]));
    }
    node = new nodes.Is(node.lineno, node.colno, node, right);
    return not ? new nodes.Not(node.lineno, node.colno, node) : node;
  }

  parsePostfix(node: NjNode): NjNode {
    let tok = this.peekToken();
    // `item.0.name` lexes as item . "0." name: the float's dot is the next attribute's
    let dotPending = false;
    while (tok) {
      if (dotPending || (tok.type === L.TOKEN_OPERATOR && tok.value === '.')) {
        if (!dotPending) this.nextToken();
        dotPending = false;
        const val = this.nextToken();
        if (val.type === L.TOKEN_SYMBOL || val.type === L.TOKEN_BOOLEAN || val.type === L.TOKEN_NONE) {
          // Jinja2 reads any name after a dot, keywords too: x.null, x.true, x.none
          node = new nodes.LookupVal(tok.lineno, tok.colno, node, new nodes.Literal(val.lineno, val.colno, val.value));
        } else if (val.type === L.TOKEN_INT) {
          node = new nodes.LookupVal(tok.lineno, tok.colno, node, new nodes.Literal(val.lineno, val.colno, parseInt(val.value, 10)));
        } else if (val.type === L.TOKEN_FLOAT && /^\d+\.\d*$/.test(val.value)) {
          // item.0.1 (two indexes) or item.0.name (an index, then the dot of the next attribute)
          const [a, b] = (val.value as string).split('.');
          node = new nodes.LookupVal(tok.lineno, tok.colno, node, new nodes.Literal(val.lineno, val.colno, parseInt(a, 10)));
          if (b) node = new nodes.LookupVal(tok.lineno, tok.colno, node, new nodes.Literal(val.lineno, val.colno, parseInt(b, 10)));
          else dotPending = true;
        } else {
          this.fail('expected name as lookup value, got ' + val.value, val.lineno, val.colno);
        }
      } else if (tok.type === L.TOKEN_LEFT_PAREN) {
        node = new nodes.FunCall(tok.lineno, tok.colno, node, this.parseSignature());
      } else if (tok.type === L.TOKEN_LEFT_BRACKET) {
        const lookup = this.parseAggregate();
        if (lookup.children.length > 1) this.fail('invalid index');
        node = new nodes.LookupVal(tok.lineno, tok.colno, node, lookup.children[0]);
      } else {
        break;
      }
      tok = this.peekToken();
    }
    return node;
  }
}

function walk(node: NjNode, fn: (n: NjNode) => void): void {
  if (!node || typeof node !== 'object' || !(node instanceof nodes.Node)) return;
  fn(node);
  if (node instanceof nodes.NodeList) for (const c of node.children) walk(c, fn);
  else for (const f of node.fields as string[]) walk(node[f], fn);
}

/** Rewrite nunjucks' reading of Jinja2 constructs into what Jinja2 means. */
function jinjaTransforms(root: NjNode): void {
  walk(root, (n) => {
    if (n instanceof nodes.For && !(n instanceof nodes.AsyncEach)) {
      // `for x in xs if cond` is a loop filter, not an inline if without else
      if (n.arr instanceof nodes.InlineIf && n.arr.else_ === null) {
        const cond = n.arr.cond;
        n.arr = n.arr.body;
        n.body = new nodes.NodeList(n.body.lineno, n.body.colno, [new nodes.If(cond.lineno, cond.colno, cond, n.body, null)]);
      }
      const name = n.name instanceof nodes.Array ? '__iter_pairs__' : '__iter__';
      n.arr = new nodes.Filter(n.arr.lineno, n.arr.colno, new nodes.Symbol(n.arr.lineno, n.arr.colno, name), new nodes.NodeList(n.arr.lineno, n.arr.colno, [n.arr]));
    }
  });
}

interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

/**
 * Like Jinja2's lexer, read `}}` inside an open `{` of an expression as two closing braces:
 * {{ d | combine({'a': {'b': 1}}) }} would otherwise end the expression early. With trim_blocks,
 * the newline after a comment is removed too, as Jinja2 does.
 */
function jinjaTokens(tokens: NjNode, trimBlocks: boolean, escapeBackslashes: boolean, variableEnd = '}}'): NjNode {
  let depth = 0;
  let inVariable = false;
  const next = tokens.nextToken.bind(tokens) as () => Token | null;
  tokens.nextToken = (): Token | null => {
    const start = tokens.index as number;
    const tok = next();
    if (!tok) return tok;
    if (tok.type === L.TOKEN_VARIABLE_START) inVariable = true;
    else if (tok.type === L.TOKEN_VARIABLE_END) inVariable = false;
    else if (tok.type === L.TOKEN_STRING) {
      // the literal as written: Ansible keeps it as it is inside {{ }} of a playbook value
      // (escape_backslashes), Jinja2 reads Python's escapes (nunjucks would drop unknown backslashes)
      const raw = (tokens.str as string).slice(start + 1, (tokens.index as number) - 1);
      return { ...tok, value: escapeBackslashes && inVariable ? raw : unicodeEscapeDecode(raw) };
    }
    if (tok.type === L.TOKEN_COMMENT && trimBlocks) {
      if (tokens.current() === '\n') tokens.forward();
      else if (tokens.current() === '\r' && tokens.str.charAt(tokens.index + 1) === '\n') tokens.forwardN(2);
    }
    if (tok.type === L.TOKEN_LEFT_CURLY) depth++;
    else if (tok.type === L.TOKEN_RIGHT_CURLY) depth = Math.max(0, depth - 1);
    else if (tok.type === L.TOKEN_VARIABLE_START || tok.type === L.TOKEN_BLOCK_START) depth = 0;
    else if (tok.type === L.TOKEN_VARIABLE_END && depth > 0 && tok.value === '}}' && variableEnd === '}}') {
      depth--;
      tokens.back();
      tokens.in_code = true;
      return { type: L.TOKEN_RIGHT_CURLY, value: '}', lineno: tok.lineno, colno: tok.colno };
    }
    return tok;
  };
  return tokens;
}

/** Jinja2's delimiters (block_start_string, ...), each left out for its default. */
export interface Delimiters {
  blockStart?: string;
  blockEnd?: string;
  variableStart?: string;
  variableEnd?: string;
  commentStart?: string;
  commentEnd?: string;
}

export interface ParseOptions {
  trimBlocks: boolean;
  lstripBlocks: boolean;
  /** Ansible's escape_backslashes (playbook values): string literals inside {{ }} are read as written. */
  escapeBackslashes?: boolean;
  name?: string;
  tags?: Delimiters;
}

/** Parse a template into nunjucks' AST, with Jinja2 fixes applied. Throws nunjucks' TemplateError. */
export function parseTemplate(src: string, opts: ParseOptions): NjNode {
  const tags = opts.tags ?? {};
  const lexed = lexer.lex(src, { trimBlocks: opts.trimBlocks, lstripBlocks: opts.lstripBlocks, autoescape: false, tags });
  const p = new (JinjaParser as NjClass)(jinjaTokens(lexed, opts.trimBlocks, opts.escapeBackslashes === true, tags.variableEnd));
  p.extensions = [];
  const root = p.parseAsRoot();
  jinjaTransforms(root);
  return transformer.transform(root, [], opts.name);
}

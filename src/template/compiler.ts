/**
 * Code generation: nunjucks' compiler with Jinja2 semantics. Operators, truth tests, comparisons,
 * `in`, dict literals, tuples, slices and method calls compile to calls into ./runtime.ts instead
 * of JavaScript operators (which would make [] truthy, 1 == '1', 'a' + 1 == 'a1', ...).
 * In native mode the one expression of the template is handed back as a value, not text.
 */
import { compilerModule, nodes, type NjClass, type NjNode } from './nj.js';
import { Slice } from './parser.js';

const BaseCompiler: NjClass = compilerModule.Compiler;

const BINOPS: Record<string, string> = { Add: '+', Sub: '-', Mul: '*', Div: '/', FloorDiv: '//', Mod: '%', Pow: '**' };

/** A filter or test the template calls, where (1-based, in the template). */
export interface PluginUse {
  kind: 'filter' | 'test';
  name: string;
  line: number;
  col: number;
}

class JinjaCompiler extends BaseCompiler {
  constructor(...args: unknown[]) {
    super(...args);
  }
  /** Compile the single Output expression as the template's native value. */
  native = false;
  /** The filters and tests the template calls, in order. */
  readonly uses: PluginUse[] = [];
  private keywordPairs = false;

  private use(kind: PluginUse['kind'], name: string, node: NjNode): void {
    this.uses.push({ kind, name, line: (node.lineno ?? 0) + 1, col: (node.colno ?? 0) + 1 });
  }

  compileFilter(node: NjNode, frame: NjNode): void {
    if (node.name instanceof nodes.Symbol) this.use('filter', node.name.value, node.name);
    super.compileFilter(node, frame);
  }

  assertType(node: NjNode, ...types: NjClass[]): void {
    if (node instanceof Slice) return;
    super.assertType(node, ...types);
  }

  compileSymbol(node: NjNode, frame: NjNode): void {
    const name: string = node.value;
    const v = frame.lookup(name);
    if (v) this._emit(v);
    else if (name === 'True' || name === 'False' || name === 'None') this._emit(name === 'True' ? 'true' : name === 'False' ? 'false' : 'null');
    else this._emit(`runtime.contextOrFrameLookup(context, frame, ${JSON.stringify(name)})`);
  }

  private call(fn: string, ...parts: Array<NjNode | string>): void {
    this._emit(`runtime.${fn}(`);
    parts.forEach((p, i) => {
      if (i) this._emit(', ');
      if (typeof p === 'string') this._emit(p);
      else this.compile(p, this.frame);
    });
    this._emit(')');
  }

  private frame: NjNode;
  compile(node: NjNode, frame?: NjNode): void {
    const prev = this.frame;
    this.frame = frame;
    try {
      super.compile(node, frame);
    } finally {
      this.frame = prev;
    }
  }

  /** `a or b`, `a and b`: the right side is evaluated only when needed (a function of nothing). */
  private shortCircuit(fn: 'or' | 'and', node: NjNode, frame: NjNode): void {
    this._emit(`runtime.${fn}(`);
    this.compile(node.left, frame);
    this._emit(', () => (');
    this.compile(node.right, frame);
    this._emit('))');
  }
  compileOr(node: NjNode, frame: NjNode): void {
    this.shortCircuit('or', node, frame);
  }
  compileAnd(node: NjNode, frame: NjNode): void {
    this.shortCircuit('and', node, frame);
  }

  compileNot(node: NjNode, frame: NjNode): void {
    this._emit('!runtime.truthy(');
    this.compile(node.target, frame);
    this._emit(')');
  }

  compileInlineIf(node: NjNode, frame: NjNode): void {
    this._emit('(runtime.truthy(');
    this.compile(node.cond, frame);
    this._emit(') ? (');
    this.compile(node.body, frame);
    this._emit(') : (');
    if (node.else_ !== null) this.compile(node.else_, frame);
    else this._emit('""');
    this._emit('))');
  }

  compileIf(node: NjNode, frame: NjNode, async?: boolean): void {
    if (async) return super.compileIf(node, frame, async);
    this._emitLine(`lineno = ${node.lineno}; colno = ${node.colno};`);
    this._emit('if(runtime.truthy(');
    this._compileExpression(node.cond, frame);
    this._emitLine(')) {');
    this._withScopedSyntax(() => this.compile(node.body, frame));
    if (node.else_) {
      this._emitLine('}\nelse {');
      this._withScopedSyntax(() => this.compile(node.else_, frame));
    }
    this._emitLine('}');
  }

  private binop(node: NjNode, frame: NjNode): void {
    this.call('binop', JSON.stringify(BINOPS[node.typename]), node.left, node.right);
    void frame;
  }
  compileAdd(n: NjNode, f: NjNode): void {
    this.binop(n, f);
  }
  compileSub(n: NjNode, f: NjNode): void {
    this.binop(n, f);
  }
  compileMul(n: NjNode, f: NjNode): void {
    this.binop(n, f);
  }
  compileDiv(n: NjNode, f: NjNode): void {
    this.binop(n, f);
  }
  compileFloorDiv(n: NjNode, f: NjNode): void {
    this.binop(n, f);
  }
  compileMod(n: NjNode, f: NjNode): void {
    this.binop(n, f);
  }
  compilePow(n: NjNode, f: NjNode): void {
    this.binop(n, f);
  }
  compileNeg(node: NjNode, frame: NjNode): void {
    this.call('unary', '"-"', node.target);
    void frame;
  }
  compilePos(node: NjNode, frame: NjNode): void {
    this.call('unary', '"+"', node.target);
    void frame;
  }
  compileConcat(node: NjNode, frame: NjNode): void {
    this.call('concat', node.left, node.right);
    void frame;
  }

  compileCompare(node: NjNode, frame: NjNode): void {
    this._emit('runtime.compare(');
    this.compile(node.expr, frame);
    for (const op of node.ops) {
      this._emit(`, ${JSON.stringify(op.type)}, `);
      this.compile(op.expr, frame);
    }
    this._emit(')');
  }

  /** (a, b) is a tuple (a list here), (a) is grouping. */
  compileGroup(node: NjNode, frame: NjNode): void {
    if (node.children.length === 1) this._compileAggregate(node, frame, '(', ')');
    else this._compileAggregate(node, frame, '[', ']');
  }

  compileKeywordArgs(node: NjNode, frame: NjNode): void {
    const prev = this.keywordPairs;
    this.keywordPairs = true;
    try {
      super.compileKeywordArgs(node, frame);
    } finally {
      this.keywordPairs = prev;
    }
  }

  compileDict(node: NjNode, frame: NjNode): void {
    const prev = this.keywordPairs;
    if (!(node instanceof nodes.KeywordArgs)) this.keywordPairs = false;
    try {
      this._compileAggregate(node, frame, '{', '}');
    } finally {
      this.keywordPairs = prev;
    }
  }

  /** Dict keys are expressions in Jinja2 ({item.key: item.value}); keyword names are names. */
  compilePair(node: NjNode, frame: NjNode): void {
    const key = node.key;
    if (this.keywordPairs || (key instanceof nodes.Literal && typeof key.value === 'string')) {
      this.compileLiteral(new nodes.Literal(key.lineno, key.colno, key instanceof nodes.Symbol ? key.value : key.value), frame);
    } else {
      this._emit('[runtime.dictKey(');
      this.compile(key, frame);
      this._emit(')]');
    }
    this._emit(': ');
    this._compileExpression(node.value, frame);
  }

  compileSlice(node: NjNode, frame: NjNode): void {
    this.call('slice', node.start, node.stop, node.step);
    void frame;
  }

  /** x.name(...) looks for a Python method first. */
  compileFunCall(node: NjNode, frame: NjNode): void {
    if (!(node.name instanceof nodes.LookupVal)) return super.compileFunCall(node, frame);
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, runtime.callWrap(runtime.methodLookup((`);
    this._compileExpression(node.name.target, frame);
    this._emit('), ');
    this._compileExpression(node.name.val, frame);
    this._emit(`), ${JSON.stringify(this._getNodeName(node.name))}, context, `);
    this._compileAggregate(node.args, frame, '[', '])');
    this._emit(')');
  }

  _getNodeName(node: NjNode): string {
    if (node instanceof nodes.Literal && node.value === null) return 'None';
    return super._getNodeName(node);
  }

  /** x is name / x is name(args) / x is not name. */
  compileIs(node: NjNode, frame: NjNode): void {
    const right = node.right;
    const target = right instanceof nodes.FunCall ? right.name : right;
    let name: string | null = null;
    let at: NjNode = target;
    if (target instanceof nodes.Symbol) name = target.value;
    else if (target instanceof nodes.Literal) name = target.value === null ? 'none' : String(target.value);
    else if (target instanceof nodes.LookupVal) {
      const parts: string[] = [];
      let t = target;
      while (t instanceof nodes.LookupVal && t.val instanceof nodes.Literal) {
        parts.unshift(String(t.val.value));
        t = t.target;
      }
      if (t instanceof nodes.Symbol) name = [t.value, ...parts].join('.');
      at = t;
    }
    if (name === null) this.fail('expected a test name after "is"', right.lineno, right.colno);
    this.use('test', name!, at);
    this._emit(`(env.getTest(${JSON.stringify(name)}).call(context, `);
    this.compile(node.left, frame);
    if (right instanceof nodes.FunCall && right.args.children.length) {
      this._emit(', ');
      this._compileAggregate(right.args, frame);
    }
    this._emit(') === true)');
  }

  _emitLoopBindings(node: NjNode, arr: string, i: string, len: string): void {
    super._emitLoopBindings(node, arr, i, len);
    this._emitLine(`frame.set("loop.cycle", runtime.cycler(${i}));`);
  }

  compileOutput(node: NjNode, frame: NjNode): void {
    this._emitLine(`lineno = ${node.lineno}; colno = ${node.colno};`);
    if (!this.native) return super.compileOutput(node, frame);
    for (const child of node.children) {
      if (child instanceof nodes.TemplateData) continue;
      this._emit(`${this.buffer} += runtime.nativeOut(context, `);
      this._compileExpression(child, frame);
      this._emitLine(');');
    }
  }
}

/** Generated JavaScript for a parsed template (the body of `new Function`), and the filters and tests it calls. */
export function generate(ast: NjNode, opts: { name?: string; native: boolean }): { code: string; uses: PluginUse[] } {
  const c = new JinjaCompiler(opts.name, false);
  c.native = opts.native;
  c.compile(ast);
  return { code: c.getCode(), uses: c.uses };
}

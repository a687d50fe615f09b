/**
 * The template environment (what Jinja2 calls the Environment): compiling templates through a
 * bounded LRU cache keyed by source, the `env` object the generated code calls (filters, tests,
 * loading files for include/import/extends), and the synchronous run of a compiled root function.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TemplateError } from './errors.js';
import { nodes, njLib, njRuntime, type NjFrame, type NjNode } from './nj.js';
import { parseTemplate, type Delimiters } from './parser.js';
import { generate, type PluginUse } from './compiler.js';
import { getFilter, getTest } from './registry.js';
import { RenderContext, runtime } from './runtime.js';
import type { Scope } from './scope.js';

type RootFn = (env: unknown, ctx: RenderContext, frame: NjFrame, rt: unknown, cb: (err: unknown, res?: string) => void) => void;

/** Surrounding whitespace of a template that is exactly one {{ expression }}. */
export interface SingleExpression {
  lead: string;
  trail: string;
}

export class CompiledTemplate {
  readonly root: RootFn;
  readonly blocks: Record<string, RootFn> = {};
  constructor(
    props: Record<string, RootFn>,
    /** Non-null when compiled in native mode (the template is one expression). */
    readonly single: SingleExpression | null,
    readonly path?: string,
    /** The filters and tests the template calls (checked by name before a run). */
    readonly uses: readonly PluginUse[] = [],
  ) {
    this.root = props.root;
    for (const [k, v] of Object.entries(props)) if (k.startsWith('b_')) this.blocks[k.slice(2)] = v;
  }
  /** Used by generated code for {% extends %}. */
  get rootRenderFunc(): RootFn {
    return this.root;
  }
  /** {% include %}: renders with the including template's variables. */
  render(parent: RenderContext, frame: NjFrame, cb: (err: unknown, res?: string) => void): void {
    const ctx = new RenderContext(parent.scope);
    Object.assign(ctx.locals, parent.locals);
    let out: string;
    try {
      out = runTemplate(this, ctx, frame);
    } catch (e) {
      return cb(e);
    }
    cb(null, out);
  }
  /** {% import %}: the template's exported macros and top-level variables. */
  getExported(...args: unknown[]): void {
    const cb = args.find((a) => typeof a === 'function') as (err: unknown, res?: unknown) => void;
    const parent = args.find((a) => a instanceof RenderContext) as RenderContext | undefined;
    const frame = args.find((a) => a && typeof a === 'object' && !(a instanceof RenderContext)) as NjFrame | undefined;
    if (!parent) return cb(new TemplateError('import without context is not supported; use "import ... with context"'));
    const ctx = new RenderContext(parent.scope);
    try {
      runTemplate(this, ctx, frame);
    } catch (e) {
      return cb(e);
    }
    cb(null, ctx.getExported());
  }
}

const MAX_CACHED = 5000;
const cache = new Map<string, CompiledTemplate>();

function singleExpression(ast: NjNode): SingleExpression | null {
  let lead = '';
  let trail = '';
  let exprs = 0;
  for (const out of ast.children) {
    if (!(out instanceof nodes.Output)) return null;
    for (const c of out.children) {
      if (c instanceof nodes.TemplateData) {
        const text = String(c.value);
        if (text.trim() !== '') return null;
        if (exprs === 0) lead += text;
        else trail += text;
      } else if (++exprs > 1) return null;
    }
  }
  return exprs === 1 ? { lead, trail } : null;
}

function syntaxError(e: unknown, src: string, name?: string): TemplateError {
  if (e instanceof TemplateError) return e;
  if (!(e instanceof njLib.TemplateError)) {
    // nunjucks' parser reads past the last token of some unclosed templates ({{ f({'a': 1} ): a TypeError
    const syntax = e instanceof TypeError ? 'unexpected end of the template' : String((e as Error)?.message ?? e);
    return new TemplateError(String((e as Error)?.message ?? e), { syntax });
  }
  const x = e as unknown as { message: string; lineno?: number; colno?: number };
  const msg = x.message.replace(/^\(unknown path\)\s*(\[Line \d+, Column \d+\])?\s*/, '').replace(/^parse[A-Za-z]*: /, '');
  const where = name ? `${name}:${x.lineno ?? 1}:${x.colno ?? 1}: ` : '';
  const text = name ? `${where}template syntax error: ${msg}` : `template error while templating string: ${msg}. String: ${src}`;
  return new TemplateError(text, { source: name ?? src, line: x.lineno, col: x.colno, syntax: msg });
}

/** How a template file is read (the template module's options): Jinja2's environment settings, and where includes are searched. */
export interface TextOptions {
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  tags?: Delimiters;
  /** Directories {% include %}/{% import %} names are searched in (after the including file's own directory). */
  searchPath?: string[];
}

/** The options of the template file being rendered: its includes are read with them (rendering is synchronous). */
let current: TextOptions = {};

/** Run fn with these text options in force for included templates. */
export function withTextOptions<T>(opts: TextOptions, fn: () => T): T {
  const saved = current;
  current = opts;
  try {
    return fn();
  } finally {
    current = saved;
  }
}

/**
 * Compile a template (cached by mode, name, options and source). With native: true, a template that is
 * exactly one expression compiles to hand back that expression's value (see `single`).
 */
export function compile(src: string, opts: { native?: boolean; name?: string; text?: TextOptions; escapeBackslashes?: boolean } = {}): CompiledTemplate {
  const text = opts.text ?? {};
  const trimBlocks = text.trimBlocks ?? true;
  const lstripBlocks = text.lstripBlocks ?? false;
  const optKey = trimBlocks && !lstripBlocks && !text.tags ? '' : JSON.stringify([trimBlocks, lstripBlocks, text.tags ?? {}]);
  const key = (opts.native ? 'n' : 't') + (opts.escapeBackslashes ? 'e' : '') + optKey + (opts.name ?? '') + '\0' + src;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  let t: CompiledTemplate;
  try {
    const ast = parseTemplate(src, { trimBlocks, lstripBlocks, name: opts.name, escapeBackslashes: opts.escapeBackslashes, ...(text.tags ? { tags: text.tags } : {}) });
    const single = opts.native ? singleExpression(ast) : null;
    const { code, uses } = generate(ast, { name: opts.name, native: single !== null });
    t = new CompiledTemplate(new Function(code)(), single, opts.name, uses);
  } catch (e) {
    throw syntaxError(e, src, opts.name);
  }
  cache.set(key, t);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  return t;
}

function resolveTemplate(name: string, parentName: string | null): string | null {
  const dirs = [...(parentName ? [path.dirname(parentName)] : []), ...(current.searchPath ?? [])];
  const candidates = path.isAbsolute(name) ? [name] : [...dirs.map((d) => path.resolve(d, name)), path.resolve(name)];
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** The `env` object generated code calls. */
export const env = {
  opts: { autoescape: false },
  getFilter,
  getTest,
  getExtension(name: string): never {
    throw new TemplateError(`unknown extension ${name}`);
  },
  getTemplate(name: unknown, _eager: boolean, parentName: string | null, ignoreMissing: boolean, cb: (err: unknown, t?: CompiledTemplate) => void): void {
    const file = resolveTemplate(String(name), parentName);
    if (!file) {
      if (ignoreMissing) return cb(null, compile('', { name: '(missing)' }));
      return cb(new TemplateError(`template not found: ${String(name)}`));
    }
    let t: CompiledTemplate;
    try {
      t = compile(readFileSync(file, 'utf8'), { name: file, text: current });
    } catch (e) {
      return cb(e);
    }
    cb(null, t);
  },
  waterfall(tasks: Array<(...a: unknown[]) => void>, done: (...a: unknown[]) => void): void {
    let i = 0;
    const next = (err: unknown, ...res: unknown[]): void => {
      if (err || i >= tasks.length) return done(err, ...res);
      tasks[i++](...res, next);
    };
    next(null);
  },
};

/** Run a compiled template to its text output (synchronously); throws TemplateError. */
export function runTemplate(t: CompiledTemplate, ctx: RenderContext, parentFrame?: NjFrame): string {
  const frame = parentFrame ? parentFrame.push(true) : new njRuntime.Frame();
  frame.topLevel = true;
  for (const [k, b] of Object.entries(t.blocks)) ctx.addBlock(k, b);
  let done = false;
  let error: unknown;
  let out = '';
  t.root(env, ctx, frame, runtime, (err, res) => {
    if (done) return;
    done = true;
    error = err;
    out = res ?? '';
  });
  if (error) throw error instanceof TemplateError ? error : new TemplateError(String((error as Error)?.message ?? error));
  if (!done) throw new TemplateError('template rendering did not complete');
  return out;
}

export type { Scope };

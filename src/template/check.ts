/**
 * Checking a template before any variable exists (the playbook loader does it for every templated
 * string, before a host is contacted): a template that cannot be parsed, and filters and tests that
 * exist nowhere. Templates are compiled through the engine's cache, so the run reuses them.
 * Valid Jinja2 that machinist cannot run (a filter it lacks, syntax its parser lacks) is reported as
 * `lacking`: a warning, since Ansible would run it. Positions are 0-based indexes into the string.
 */
import { nearest } from '../util/errors.js';
import { compile, type CompiledTemplate } from './environment.js';
import { TemplateError } from './errors.js';
import { ansibleName, type PluginKind } from './known-names.js';
import { filterNames, hasFilter, hasTest, testNames } from './registry.js';
import './render.js';

export interface TemplateProblem {
  message: string;
  /** Where in the checked string (0-based), when known. */
  index?: number;
  hint?: string;
  /** Valid in Ansible but not in machinist: warn, and let a task that uses it fail if it runs. */
  lacking?: boolean;
  /** A filter or test name that Ansible does not have either (a local filter_plugins/ may define it). */
  unknown?: { kind: PluginKind; name: string };
}

/** The 0-based index of a 1-based line and column of `src`; the end of `src` when unknown. */
export function indexOf(src: string, line: number | undefined, col: number | undefined): number {
  if (line === undefined) return src.length;
  let i = 0;
  for (let l = 1; l < line; l++) {
    const nl = src.indexOf('\n', i);
    if (nl < 0) return src.length;
    i = nl + 1;
  }
  return Math.min(src.length, i + Math.max(0, (col ?? 1) - 1));
}

const TOKENS: Record<string, string> = { 'variable-end': "'}}'", 'block-end': "'%}'", 'end of file': 'the end of the template' };
const token = (t: string): string => TOKENS[t] ?? `'${t}'`;
const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const OPERATOR = /(===|!==|==|!=|<=|>=|<|>|\+|-|\*\*|\*|\/\/|\/|%|~|\band|\bor|\bnot|\bin|\bis)\s*$/;

/** Jinja2 block tags (builtin or extensions Ansible users enable) that machinist's parser lacks. */
const JINJA_ONLY_TAGS = new Set(['with', 'do', 'break', 'continue', 'autoescape', 'trans', 'pluralize']);

/** Valid Jinja2 that nunjucks' parser refuses, recognised from where it stopped; undefined otherwise. */
function jinjaOnly(src: string, msg: string, at: number): string | undefined {
  const before = src.slice(0, at);
  const tag = /^unknown block tag: (\w+)/.exec(msg)?.[1];
  if (tag && JINJA_ONLY_TAGS.has(tag)) return `machinist does not support Jinja2's {% ${tag} %}`;
  if (/^unexpected token: [\])}]/.test(msg) && /,\s*$/.test(before)) return 'machinist does not support a trailing comma here (valid in Jinja2)';
  if (/^expected (variable|block) end/.test(msg)) {
    if (/["']\s*$/.test(before) && /^["']/.test(src.slice(at))) return 'machinist does not support adjacent strings ("a" "b"; join them with ~)';
  }
  if (/in set statement/.test(msg) && /\{%-?\s*set\s+[\w\s]+,[\w\s,]*=/.test(before)) return 'machinist does not support unpacking in {% set a, b = ... %}';
  return undefined;
}

/** The parser's message in the user's terms. */
function reword(src: string, msg: string, at: number): string {
  const before = src.slice(0, at);
  if (msg === 'expected variable end') return "expected '}}' (the end of the expression)";
  if (/^unexpected token: %}/.test(msg) && /\{%-?\s*(el)?if\s*$/.test(before)) return `'${/(el)?if\s*$/.exec(before)![0].trim()}' needs a condition`;
  const got = /^(?:unexpected token|expected [\w ]+, got):? ?(.*)$/.exec(msg)?.[1];
  const op = OPERATOR.exec(before)?.[1];
  if (got !== undefined && /\|\s*$/.test(before)) return `expected a filter name after '|', got ${token(got)}`;
  if (got !== undefined && op) return `expected an expression after '${op}', got ${token(got)}`;
  if (msg === 'expected comma after expression') {
    const close = CLOSING[src[at]];
    return close ? `expected ',' or '${close}' to close this '${src[at]}'` : "expected ',' or a closing bracket";
  }
  const symbol = /^expected symbol, got (.*)$/.exec(msg);
  if (symbol) return `expected a name, got ${token(symbol[1])}`;
  const unexpected = /^unexpected token: (.*)$/.exec(msg);
  if (unexpected) return `unexpected ${token(unexpected[1])}`;
  return msg;
}

function nameProblem(src: string, kind: PluginKind, name: string, line: number, col: number): TemplateProblem | undefined {
  if (kind === 'filter' ? hasFilter(name) : hasTest(name)) return undefined;
  const index = indexOf(src, line, col);
  const a = ansibleName(kind, name);
  if (a.status !== 'unknown') {
    const what = a.status === 'known' ? `the ${kind} '${name}' exists in Ansible but not in machinist` : `the ${kind} '${name}' is from a collection machinist does not have`;
    return { index, lacking: true, message: `${what}: a task that uses it fails if it runs` };
  }
  const own = (kind === 'filter' ? filterNames() : testNames()).filter((n) => !n.includes('.'));
  const pool = a.prefix ? a.candidates : [...new Set([...own, ...a.candidates])];
  const bare = a.prefix ? name.slice(a.prefix.length) : name;
  const near = pool.length ? nearest(bare, pool) : undefined;
  return {
    index,
    message: `no ${kind} named '${name}' in machinist or Ansible`,
    hint: near ? `did you mean '${a.prefix}${near}'?` : undefined,
    unknown: { kind, name },
  };
}

/**
 * The problems of one template (a string with template syntax, as the engine renders values), and
 * the compiled template when it parses.
 */
export function checkTemplate(src: string): { problems: TemplateProblem[]; compiled?: CompiledTemplate } {
  let compiled: CompiledTemplate;
  try {
    compiled = compile(src, { native: true });
  } catch (e) {
    if (!(e instanceof TemplateError) || e.syntax === undefined) throw e;
    const index = indexOf(src, e.line, e.col);
    const lacking = jinjaOnly(src, e.syntax, index);
    if (lacking) return { problems: [{ index, lacking: true, message: `${lacking}: a task that uses it fails if it runs` }] };
    return { problems: [{ index, message: `template syntax error: ${reword(src, e.syntax, index)}` }] };
  }
  const problems: TemplateProblem[] = [];
  for (const u of compiled.uses) {
    const p = nameProblem(src, u.kind, u.name, u.line, u.col);
    if (p) problems.push(p);
  }
  return { problems, compiled };
}

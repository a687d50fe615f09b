/**
 * Ansible's INI inventory format: `[group]` host lines (`host key=value key2="quoted value"`),
 * `[group:vars]` (one key=value a line, values are strings), `[group:children]` (group names).
 * Lines before any section are ungrouped hosts; `#` and `;` start comment lines. A group named in
 * :vars or :children must be declared somewhere ([name] or [name:children]), as Ansible requires,
 * which catches misspelt group names. Every problem of the file is reported, each with its line.
 */
import { shlexWords, ShlexError } from '../py/shlex.js';
import { nearest, type ValidationError } from '../util/errors.js';
import type { InventoryBuilder } from './builder.js';
import { connVarProblem, type ConnVarProblems } from './conn-vars.js';
import { didYouMean, LineSource, maskSecrets } from './located.js';
import { badGroupName } from './names.js';
import { parsePyLiteral, iniValue } from '../py/literal.js';
import { expandHostPattern, HostPatternError } from './ranges.js';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:[#;].*)?$/;
const SECTION_LIKE = /^\[[^\]]*\]\s*(?:[#;].*)?$/;
const GROUP_LINE = /^([^:\]\s]+)\s*(?:[#;].*)?$/;
const KINDS = ['hosts', 'vars', 'children'];

interface Ref {
  line: number;
  col: number;
  name: string;
  section: string;
}

export function parseIniInventory(text: string, file: string, b: InventoryBuilder, vaulted = false): ValidationError[] {
  const src = new LineSource(file, text, vaulted);
  const errors: ValidationError[] = [];
  const known = new Set(b.groups.keys());
  const declared = new Set<string>();
  const refs: Ref[] = [];
  let group = 'ungrouped';
  let kind = 'hosts';
  let sectionOk = true;

  src.lines.forEach((raw, idx) => {
    const n = idx + 1;
    const line = raw.trim();
    const indent = raw.length - raw.trimStart().length;
    if (line === '' || line[0] === '#' || line[0] === ';') return;

    const sec = SECTION.exec(line);
    if (sec || SECTION_LIKE.test(line)) {
      sectionOk = false;
      if (!sec) {
        const inner = line.slice(1, line.indexOf(']'));
        const why = /\s/.test(inner.trim()) || inner !== inner.trim() ? 'a section name cannot contain spaces' : 'expected [group], [group:vars] or [group:children]';
        errors.push(src.error(n, indent + 1, `invalid section header '${line}': ${why}`));
        return;
      }
      const [, name, k = 'hosts'] = sec;
      if (!KINDS.includes(k)) {
        errors.push(src.error(n, indent + name.length + 3, `section [${name}:${k}] has an unknown type '${k}': expected vars or children`, didYouMean(nearest(k, KINDS))));
        return;
      }
      const why = badGroupName(name);
      if (why) {
        errors.push(src.error(n, indent + 2, why));
        return;
      }
      group = name;
      kind = k;
      sectionOk = true;
      if (k === 'vars') refs.push({ line: n, col: indent + 2, name, section: `[${name}:vars]` });
      else declared.add(name);
      b.group(name);
      return;
    }
    if (!sectionOk) return; // lines of a refused section are not read (its error says why)

    if (kind === 'hosts') hostLine(src, n, raw, group, b, errors);
    else if (kind === 'vars') varLine(src, n, raw, group, b, errors);
    else {
      const m = GROUP_LINE.exec(line);
      const why = m ? badGroupName(m[1]) : `expected a group name in [${group}:children], got '${line}'`;
      if (!m || why) {
        errors.push(src.error(n, indent + 1, why ?? '', m ? undefined : 'list one child group name per line'));
        return;
      }
      refs.push({ line: n, col: indent + 1, name: m[1], section: `[${group}:children]` });
      const loop = b.addChild(group, m[1]);
      if (loop) errors.push(src.error(n, indent + 1, loop));
    }
  });

  for (const r of refs) {
    if (known.has(r.name) || declared.has(r.name)) continue;
    const what = r.section.endsWith(':vars]') ? `section ${r.section} is for group '${r.name}', which is not defined` : `section ${r.section} names group '${r.name}', which is not defined`;
    const near = nearest(r.name, [...known, ...declared].filter((g) => g !== r.name));
    errors.push(src.error(r.line, r.col, what, didYouMean(near) ?? `declare it with a [${r.name}] section`));
  }
  return errors;
}

function hostLine(src: LineSource, n: number, raw: string, group: string, b: InventoryBuilder, errors: ValidationError[]): void {
  let words;
  try {
    words = shlexWords(raw, { comments: true });
  } catch (e) {
    if (!(e instanceof ShlexError)) throw e;
    errors.push(src.error(n, e.index + 1, `cannot read this host line: ${e.message.toLowerCase()}`));
    return;
  }
  if (words.length === 0) return;
  const [first, ...rest] = words;
  if (first.text === '---') {
    errors.push(src.error(n, first.start + 1, "invalid host name '---'", 'this looks like a YAML file: name it .yml or .yaml'));
    return;
  }
  let hosts;
  try {
    hosts = expandHostPattern(first.text);
  } catch (e) {
    if (!(e instanceof HostPatternError)) throw e;
    const yamlish = /^[\w.-]+:$/.test(first.text) ? 'this looks like YAML: name the file .yml or .yaml' : undefined;
    errors.push(src.error(n, first.start + 1, e.message, yamlish));
    return;
  }
  const vars: Record<string, unknown> = {};
  const problems: ConnVarProblems = {};
  const secret = maskSecrets(raw) !== raw;
  let ok = true;
  for (const w of rest) {
    const eq = w.text.indexOf('=');
    if (eq <= 0) {
      ok = false;
      errors.push(
        src.error(
          n,
          w.start + 1,
          eq === 0
            ? `a host variable needs a name before '='`
            : secret
              ? 'expected key=value host variable assignment, got a word without =' // part of a secret, maybe: not repeated
              : `expected key=value host variable assignment, got '${w.text}'`,
          eq === 0 ? undefined : 'put one host per line; quote values that contain spaces: key="a b"',
        ),
      );
      continue;
    }
    const [key, value] = [w.text.slice(0, eq), iniValue(w.text.slice(eq + 1))];
    const why = connVarProblem(key, value);
    if (why) problems[key] = src.error(n, w.start + eq + 2, why);
    else delete problems[key];
    vars[key] = value;
  }
  if (!ok) return;
  if (hosts.port !== undefined) {
    vars.ansible_port = hosts.port;
    delete problems.ansible_port;
  }
  for (const h of hosts.names) b.addHost(h, group, { ...vars }, problems);
}

function varLine(src: LineSource, n: number, raw: string, group: string, b: InventoryBuilder, errors: ValidationError[]): void {
  const indent = raw.length - raw.trimStart().length;
  const line = raw.trim();
  const eq = line.indexOf('=');
  if (eq === -1) {
    errors.push(src.error(n, indent + 1, `expected key=value in [${group}:vars], got '${line}'`, `hosts belong in [${group}], not in [${group}:vars]`));
    return;
  }
  const key = line.slice(0, eq).trim();
  if (key === '' || /[\s'"]/.test(key)) {
    errors.push(src.error(n, indent + 1, key === '' ? `a variable needs a name before '='` : `invalid variable name '${key}'`));
    return;
  }
  const value = groupVarValue(line.slice(eq + 1).trim());
  const why = connVarProblem(key, value);
  const rest = line.slice(eq + 1);
  const problems = why ? { [key]: src.error(n, indent + eq + 2 + rest.length - rest.trimStart().length, why) } : undefined;
  b.setGroupVars(group, { [key]: value }, problems);
}

/**
 * A [group:vars] value: always a string (as Ansible documents), but a quoted string is unquoted and a
 * comment after a complete literal is dropped, so `args='-o X=1'` and `port=22  # ssh` mean what
 * they say.
 */
export function groupVarValue(text: string): string {
  const lit = parsePyLiteral(text);
  if (!lit.ok) return text;
  if (typeof lit.value === 'string') return lit.value;
  return stripComment(text);
}

function stripComment(text: string): string {
  let q = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = '';
    } else if (c === "'" || c === '"') q = c;
    else if (c === '#') return text.slice(0, i).trimEnd();
  }
  return text;
}

/**
 * ansible.cfg as Ansible reads it: Python's configparser.ConfigParser(inline_comment_prefixes=(';',)),
 * strict, values read raw (no % interpolation). Section names are case-sensitive, option names are
 * lower-cased; `key = value` or `key: value`; whole-line comments start with `#` or `;`, an inline
 * comment with ` ;`; a line indented deeper than its option continues the value (joined with newlines,
 * empty lines inside kept, trailing ones dropped); [DEFAULT] gives every section its values. A
 * duplicate section or option, an option before any section or a line that is neither is an error
 * at its line, as configparser's (Ansible then stops).
 */
import { ValidationError } from '../util/errors.js';

export interface IniEntry {
  value: string;
  line: number;
  col: number;
}

export interface IniFile {
  file: string;
  sections: Map<string, Map<string, IniEntry>>;
}

/** A config file Ansible would refuse: exit 5, as its AnsibleOptionsError. */
export class ConfigError extends ValidationError {
  readonly exitCode = 5;
}

const SECTION = /^\[(.+)\]$/;
const OPTION = /^(.*?)\s*([=:])\s*(.*)$/;

function stripInline(line: string): string {
  for (let i = 1; i < line.length; i++) if (line[i] === ';' && /\s/.test(line[i - 1])) return line.slice(0, i);
  return line;
}

export function parseIni(text: string, file: string): IniFile {
  const sections = new Map<string, Map<string, IniEntry>>();
  let current: Map<string, IniEntry> | undefined;
  let open: { entry: IniEntry; lines: string[]; indent: number } | undefined;
  const close = () => {
    if (!open) return;
    while (open.lines.length > 1 && open.lines[open.lines.length - 1] === '') open.lines.pop();
    open.entry.value = open.lines.join('\n');
    open = undefined;
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const value = stripInline(raw).trim();
    const indent = raw.length - raw.trimStart().length;
    if (!value) {
      if (open) open.lines.push('');
      return;
    }
    if (open && indent > open.indent) {
      open.lines.push(value);
      return;
    }
    close();
    const sec = SECTION.exec(value);
    if (sec) {
      const name = sec[1];
      if (sections.has(name)) throw new ConfigError(`section ${JSON.stringify(name)} appears twice`, { file, line: lineNo, col: indent + 1 });
      current = new Map();
      sections.set(name, current);
      return;
    }
    if (!current) throw new ConfigError('an option before any [section] header', { file, line: lineNo, col: indent + 1 }, 'put it under [defaults] (or the section Ansible reads it from)');
    const opt = OPTION.exec(value);
    if (!opt || !opt[1].trim()) throw new ConfigError('expected `name = value` or a [section] header', { file, line: lineNo, col: indent + 1 });
    const name = opt[1].trim().toLowerCase();
    if (current.has(name)) throw new ConfigError(`option ${JSON.stringify(name)} appears twice in its section`, { file, line: lineNo, col: indent + 1 });
    const delim = indent + value.search(/[=:]/);
    const entry: IniEntry = { value: '', line: lineNo, col: delim + 2 + (/^\s*/.exec(raw.slice(delim + 1))![0].length) };
    current.set(name, entry);
    open = { entry, lines: [opt[3]], indent };
  });
  close();
  return { file, sections };
}

/** An option of a section, falling back to [DEFAULT] as configparser does. */
export function iniGet(ini: IniFile, section: string, key: string): IniEntry | undefined {
  return ini.sections.get(section)?.get(key) ?? ini.sections.get('DEFAULT')?.get(key);
}

/**
 * The settings in effect: Ansible's order (an ANSIBLE_* variable, then the one ansible.cfg found, then
 * the default) and its config file search (ANSIBLE_CONFIG, ./ansible.cfg unless the directory is
 * world-writable, ~/.ansible.cfg, /etc/ansible/ansible.cfg: the first that exists, alone). Values are
 * converted as Ansible's ensure_type: booleans as boolean() (anything else is false), integers
 * strictly, lists split on commas, paths with ~ and $VARS expanded and, when relative, taken from the
 * config file's folder (from the current directory for a variable); a pathspec splits on `:`.
 * A bad value is an error at its place (exit 5), as Ansible's.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readBoolean } from '../py/bool.js';
import { SETTINGS, SETTING_BY_NAME, type SettingDef } from './definitions.js';
import { ConfigError, iniGet, parseIni, type IniFile } from './ini.js';

export interface SettingValue {
  value: unknown;
  /** 'default', 'env: ANSIBLE_FORKS' or the config file's path. */
  origin: string;
  /** Where in the config file (for errors and warnings). */
  line?: number;
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  home?: string;
}

/** Ansible's find_ini_config_file, with the warning it gives for a world-writable current directory. */
export function findConfigFile(o: LoadOptions = {}): { file?: string; warnings: string[] } {
  const env = o.env ?? process.env;
  const cwd = o.cwd ?? process.cwd();
  const home = o.home ?? os.homedir();
  const warnings: string[] = [];
  const candidates: string[] = [];
  if (env.ANSIBLE_CONFIG) {
    const p = expandPath(env.ANSIBLE_CONFIG, env, home);
    candidates.push(existsSync(p) && statSync(p).isDirectory() ? path.join(p, 'ansible.cfg') : path.resolve(cwd, p));
  }
  try {
    if ((statSync(cwd).mode & 0o002) === 0) candidates.push(path.join(cwd, 'ansible.cfg'));
    else if (existsSync(path.join(cwd, 'ansible.cfg'))) warnings.push(`Ansible is being run in a world writable directory (${cwd}), ignoring it as an ansible.cfg source.`);
  } catch {
    /* a vanished current directory has no ansible.cfg */
  }
  candidates.push(path.join(home, '.ansible.cfg'), '/etc/ansible/ansible.cfg');
  return { file: candidates.find((f) => existsSync(f) && statSync(f).isFile()), warnings };
}

function expandPath(p: string, env: NodeJS.ProcessEnv, home: string): string {
  const tilde = p.replace(/^~(?=\/|$)/, home);
  return tilde.replace(/\$(\w+)|\$\{(\w+)\}/g, (all, a, b) => env[a ?? b] ?? all);
}

export class Settings {
  readonly warnings: string[] = [];
  private readonly values = new Map<string, SettingValue>();

  constructor(
    readonly file: string | undefined,
    private readonly ini: IniFile | undefined,
    private readonly env: NodeJS.ProcessEnv,
    private readonly cwd: string,
    private readonly home: string,
  ) {}

  /** The value in effect (undefined when unset and without a default). */
  get<T = unknown>(name: string): T {
    return this.lookup(name).value as T;
  }

  lookup(name: string): SettingValue {
    const cached = this.values.get(name);
    if (cached) return cached;
    const def = SETTING_BY_NAME.get(name);
    if (!def) throw new Error(`no such setting: ${name}`);
    const v = this.resolve(def);
    this.values.set(name, v);
    return v;
  }

  /** Every setting with its value and origin, as `ansible-config dump` lists them. */
  all(): Array<{ def: SettingDef } & SettingValue> {
    return SETTINGS.map((def) => ({ def, ...this.lookup(def.name) }));
  }

  private resolve(def: SettingDef): SettingValue {
    for (const name of def.env ?? []) {
      const raw = this.env[name];
      if (raw !== undefined) return { value: this.convert(def, raw, { origin: `env: ${name}` }), origin: `env: ${name}` };
    }
    const entry = this.ini && def.ini ? iniGet(this.ini, def.ini[0], def.ini[1]) : undefined;
    if (entry && this.file) {
      const at = { file: this.file, line: entry.line, col: entry.col };
      return { value: this.convert(def, entry.value, { origin: this.file, at }), origin: this.file, line: entry.line };
    }
    const value = def.type === 'pathspec' && Array.isArray(def.default) ? def.default.map((p: string) => expandPath(p, this.env, this.home)) : def.default;
    return { value, origin: 'default' };
  }

  private convert(def: SettingDef, raw: string, o: { origin: string; at?: { file: string; line: number; col: number } }): unknown {
    const fail = (why: string): never => {
      const where = o.at ? '' : ` (from ${o.origin})`;
      throw new ConfigError(`${def.ini ? def.ini[1] : def.name}${where}: ${why}`, o.at);
    };
    const fromIni = !!o.at;
    const base = o.at ? path.dirname(o.at.file) : this.cwd;
    const resolvePath = (p: string) => path.resolve(base, expandPath(p, this.env, this.home));
    let value: unknown;
    switch (def.type) {
      case 'boolean':
        value = readBoolean(raw) ?? false;
        break;
      case 'integer':
        if (!/^\s*[-+]?\d+\s*$/.test(raw)) fail(`expected a whole number, not ${JSON.stringify(raw)}`);
        value = Number(raw.trim());
        break;
      case 'list':
        value = raw.split(',').map((x) => unquote(x.trim())).filter((x) => x !== '');
        break;
      case 'path':
        value = raw === '' ? undefined : resolvePath(fromIni ? unquote(raw) : raw);
        break;
      case 'pathspec':
        value = raw.split(':').filter(Boolean).map(resolvePath);
        break;
      case 'pathlist':
        value = raw.split(',').map((x) => x.trim()).filter(Boolean).map(resolvePath);
        break;
      default:
        value = fromIni ? unquote(raw) : raw;
    }
    if (def.choices && !def.choices.includes(String(value))) fail(`${JSON.stringify(value)} is not one of ${def.choices.join(', ')}`);
    return value;
  }
}

function unquote(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s.at(-1) === s[0] ? s.slice(1, -1) : s;
}

/** Read the settings: find and parse the config file (a syntax error there is thrown, exit 5). */
export function loadSettings(o: LoadOptions = {}): Settings {
  const env = o.env ?? process.env;
  const cwd = o.cwd ?? process.cwd();
  const home = o.home ?? os.homedir();
  const { file, warnings } = findConfigFile({ env, cwd, home });
  const ini = file ? parseIni(readFileSync(file, 'utf8'), file) : undefined;
  const s = new Settings(file, ini, env, cwd, home);
  s.warnings.push(...warnings);
  return s;
}

let current: Settings | undefined;

/** The settings of this process: those the CLI installed, else read from the environment and files now. */
export function settings(): Settings {
  current ??= loadSettings();
  return current;
}

export function useSettings(s: Settings | undefined): void {
  current = s;
}

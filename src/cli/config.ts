/**
 * ansible.cfg and ANSIBLE_* at the command line: before a command runs, the settings are read (the
 * config file's errors stop it, exit 5), installed for the parts that read them (roles_path,
 * gathering, jinja2_native ...), and every option the user did not give takes its configured value,
 * checked as the option itself would be (a bad `forks` in ansible.cfg is refused at its line).
 * `machinist config` lists the settings as `ansible-config dump` does, with how machinist uses each.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadSettings, settings, useSettings, type Settings } from '../config/index.js';
import { OptionsError } from '../util/errors.js';

/** Option attribute → setting, and how the setting's value becomes the option's. */
const OPTION_SETTINGS: Array<{ attr: string; setting: string; flag: string; value?: (v: unknown) => unknown }> = [
  { attr: 'inventory', setting: 'DEFAULT_HOST_LIST', flag: '-i', value: (v) => ((v as string[]).length ? v : undefined) },
  { attr: 'user', setting: 'DEFAULT_REMOTE_USER', flag: '-u' },
  { attr: 'privateKey', setting: 'DEFAULT_PRIVATE_KEY_FILE', flag: '--private-key' },
  { attr: 'forks', setting: 'DEFAULT_FORKS', flag: '-f' },
  { attr: 'timeout', setting: 'DEFAULT_TIMEOUT', flag: '-T' },
  { attr: 'hostKeyChecking', setting: 'HOST_KEY_CHECKING', flag: '--host-key-checking', value: (v) => (v === false ? 'accept-new' : undefined) },
  { attr: 'askPass', setting: 'DEFAULT_ASK_PASS', flag: '-k', value: (v) => v || undefined },
  { attr: 'become', setting: 'DEFAULT_BECOME', flag: '-b', value: (v) => v || undefined },
  { attr: 'becomeUser', setting: 'DEFAULT_BECOME_USER', flag: '--become-user' },
  { attr: 'askBecomePass', setting: 'DEFAULT_BECOME_ASK_PASS', flag: '-K', value: (v) => v || undefined },
  { attr: 'tags', setting: 'TAGS_RUN', flag: '-t', value: (v) => ((v as string[]).length ? v : undefined) },
  { attr: 'skipTags', setting: 'TAGS_SKIP', flag: '--skip-tags', value: (v) => ((v as string[]).length ? v : undefined) },
  { attr: 'verbose', setting: 'DEFAULT_VERBOSITY', flag: '-v', value: (v) => v || undefined },
];

/**
 * Give the command's options that the user left at their defaults the configured values. Each value
 * goes through the option's own parser, so it is checked exactly as on the command line.
 */
export function applySettings(cmd: Command, s: Settings): void {
  for (const m of OPTION_SETTINGS) {
    const opt = cmd.options.find((o) => o.attributeName() === m.attr);
    if (!opt) continue;
    const source = cmd.getOptionValueSource(m.attr);
    if (source !== undefined && source !== 'default') continue;
    const found = s.lookup(m.setting);
    if (found.origin === 'default') continue;
    const v = m.value ? m.value(found.value) : found.value;
    if (v === undefined || v === null) continue;
    const from = found.line ? `${found.origin}:${found.line}` : found.origin;
    let value: unknown = v;
    const parse = (opt as unknown as { parseArg?: (v: string, prev: unknown) => unknown }).parseArg;
    if (parse && typeof v !== 'boolean' && !Array.isArray(v)) {
      try {
        value = parse(String(v), undefined);
      } catch (e) {
        throw new OptionsError(`${(e as Error).message} (from ${from})`);
      }
    }
    if (opt.argChoices && !opt.argChoices.includes(String(value))) throw new OptionsError(`${m.flag} ${String(value)} (from ${from}) is not one of ${opt.argChoices.join(', ')}`);
    cmd.setOptionValueWithSource(m.attr, value, 'config');
  }
}

/** Passwords kept in files the settings name (connection_password_file, become_password_file). */
export function passwordsFromSettings(s: Settings): { sshPassword?: string; becomePassword?: string } {
  const read = (name: string) => {
    const file = s.get<string | undefined>(name);
    if (!file) return undefined;
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      throw new OptionsError(`${name.toLowerCase()}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  const out: { sshPassword?: string; becomePassword?: string } = {};
  const ssh = read('CONNECTION_PASSWORD_FILE');
  if (ssh !== undefined) out.sshPassword = ssh;
  const become = read('BECOME_PASSWORD_FILE');
  if (become !== undefined) out.becomePassword = become;
  return out;
}

/** Warnings before a run: the config file search's, and settings machinist cannot honour. */
export function settingsWarnings(s: Settings): string[] {
  const out = [...s.warnings];
  for (const { def, value, origin, line } of s.all()) {
    if (def.use !== 'unsupported' || origin === 'default' || value === def.default) continue;
    const where = line ? `${origin}:${line}: ` : `${origin}: `;
    out.push(`${where}${def.ini ? def.ini[1] : def.name} = ${JSON.stringify(value)} is not supported by machinist (${def.how}); ignored`);
  }
  return out;
}

/** Read the settings before any command runs, install them, and give the command its configured options. */
export function installSettingsHook(program: Command): void {
  program.hook('preAction', (_root, action) => {
    const s = loadSettings();
    useSettings(s);
    applySettings(action, s);
    if (action.name() !== 'config') for (const w of settingsWarnings(s)) process.stderr.write(`[WARNING]: ${w}\n`);
  });
}

export function registerConfig(program: Command): void {
  program
    .command('config')
    .description('list the ansible.cfg / ANSIBLE_* settings machinist reads, their values and origins')
    .option('--only-changed', 'only the settings that differ from their defaults')
    .option('--json', 'one JSON document')
    .action((o: { onlyChanged?: boolean; json?: boolean }) => {
      const s = settings(); // read once, by the hook before every command
      const rows = s.all().filter((r) => !o.onlyChanged || r.origin !== 'default');
      if (o.json) {
        const doc = { config_file: s.file ?? null, settings: rows.map((r) => ({ name: r.def.name, value: r.value ?? null, origin: r.origin, ...(r.line ? { line: r.line } : {}), use: r.def.use, how: r.def.how ?? null })) };
        process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
        return;
      }
      process.stdout.write(`config file = ${s.file ?? 'None'}\n`);
      for (const r of rows) {
        const use = r.def.use === 'applied' ? '' : `  [${r.def.use}${r.def.how ? `: ${r.def.how}` : ''}]`;
        process.stdout.write(`${r.def.name}(${r.origin}) = ${JSON.stringify(r.value ?? null)}${use}\n`);
      }
    });
}

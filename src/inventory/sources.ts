/**
 * One `-i` source into the builder: a file (YAML by extension .yml/.yaml/.json, INI by .ini, else
 * sniffed; a vault-encrypted one is decrypted first, as Ansible's loader does, and its errors show
 * no excerpt), a directory (every file in it, sorted, recursively; backups, hidden files, READMEs
 * and group_vars/host_vars skipped) or a host list "h1,h2,". Returns the directory whose group_vars/
 * and host_vars/ belong to the source.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar } from 'yaml';
import { nearest, problemsOf, ValidationError } from '../util/errors.js';
import { parseYaml, type LocatedDocument } from '../util/yaml.js';
import { isVaulted, openVault, VaultError } from '../vault/index.js';
import type { InventoryBuilder } from './builder.js';
import { parseIniInventory } from './ini-source.js';
import { didYouMean } from './located.js';
import { expandHostPattern, HostPatternError } from './ranges.js';
import { parseYamlDocument } from './yaml-source.js';

const IGNORED = /^\.|^(group_vars|host_vars|vars_plugins)$|^README|~$|\.(orig|retry|pyc|pyo|swp|bak|rpm|md|txt|rst|cfg)$/i;
const YAML_EXT = /\.(ya?ml|json)$/i;

export async function addSource(source: string, b: InventoryBuilder, errors: ValidationError[]): Promise<string | undefined> {
  let st;
  try {
    st = await fs.stat(source);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && (e as NodeJS.ErrnoException).code !== 'ENOTDIR') {
      errors.push(new ValidationError(`cannot read inventory ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`));
      return undefined;
    }
    if (source.includes(',')) hostList(source, b, errors);
    else errors.push(new ValidationError(`inventory source '${source}' does not exist`, undefined, await missingHint(source)));
    return undefined;
  }
  if (st.isDirectory()) {
    await addDir(source, b, errors);
    return source;
  }
  await addFile(source, b, errors);
  return path.dirname(source);
}

async function missingHint(source: string): Promise<string | undefined> {
  const dir = path.dirname(source);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const near = nearest(path.basename(source), names);
  if (near) return didYouMean(path.join(dir, near));
  if (source.includes('/') || /\.(ya?ml|json|ini|cfg|txt)$/i.test(source)) return undefined; // meant as a file
  return `to give a single host, end it with a comma: -i '${source},'`;
}

async function addDir(dir: string, b: InventoryBuilder, errors: ValidationError[]): Promise<void> {
  const entries = (await fs.readdir(dir, { withFileTypes: true })).filter((e) => !IGNORED.test(e.name));
  entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    const isDir = e.isDirectory() || (e.isSymbolicLink() && (await fs.stat(full).catch(() => undefined))?.isDirectory());
    if (isDir) await addDir(full, b, errors);
    else await addFile(full, b, errors);
  }
}

export async function addFile(file: string, b: InventoryBuilder, errors: ValidationError[]): Promise<void> {
  let text: string;
  try {
    text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (e) {
    errors.push(new ValidationError(`cannot read inventory ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`));
    return;
  }
  let plain = text;
  if (isVaulted(text)) {
    try {
      plain = openVault(text, file).toString('utf8').replace(/^\uFEFF/, '');
    } catch (e) {
      if (!(e instanceof VaultError)) throw e;
      errors.push(new ValidationError(e.message, { file, line: 1, col: 1 }, (e as VaultError & { hint?: string }).hint, text.split(/\r?\n/, 1)[0]));
      return;
    }
  }
  const vaulted = plain !== text;
  const first = plain.split(/\r?\n/, 1)[0];
  if (plain.startsWith('#!')) {
    errors.push(new ValidationError('inventory scripts are not supported: give a static YAML or INI inventory', { file, line: 1, col: 1 }, 'save the output of the script as a .json file', vaulted ? null : first));
    return;
  }
  // YAML is parsed from the file's own text: parseYaml decrypts it again and withholds its lines
  if (YAML_EXT.test(file)) {
    try {
      errors.push(...parseYamlDocument(parseYaml(text, file), b));
    } catch (e) {
      errors.push(...problemsOf(e));
    }
    return;
  }
  if (/\.ini$/i.test(file)) {
    errors.push(...parseIniInventory(plain, file, b, vaulted));
    return;
  }
  // No telling extension: YAML when it reads as a YAML mapping, else INI (as Ansible tries yaml, then ini).
  let doc: LocatedDocument | undefined;
  let yamlErrors: ValidationError[] = [];
  try {
    doc = parseYaml(text, file);
  } catch (e) {
    yamlErrors = problemsOf(e);
  }
  const root = doc?.doc.contents;
  if (doc && isMap(root)) errors.push(...parseYamlDocument(doc, b));
  else if (doc && (root === null || (isScalar(root) && root.value === null))) return;
  else if (!doc && looksLikeYaml(plain)) errors.push(...yamlErrors);
  else errors.push(...parseIniInventory(plain, file, b, vaulted));
}

/** The first meaningful line is a YAML document marker or a `key:` mapping entry. */
function looksLikeYaml(text: string): boolean {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '' && !/^\s*[#;]/.test(l));
  return line !== undefined && (/^---(\s|$)/.test(line) || /^[^\s[=][^=]*:(\s|$)/.test(line));
}

/** "h1,h2:2222,web[1:3]," — hosts in no group. */
function hostList(list: string, b: InventoryBuilder, errors: ValidationError[]): void {
  for (const part of list.split(',')) {
    const p = part.trim();
    if (!p) continue;
    try {
      const { names, port } = expandHostPattern(p);
      for (const n of names) b.addHost(n, 'ungrouped', port === undefined ? undefined : { ansible_port: port });
    } catch (e) {
      if (!(e instanceof HostPatternError)) throw e;
      errors.push(new ValidationError(`in the host list '${list}': ${e.message}`));
    }
  }
}

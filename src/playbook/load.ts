/**
 * Playbook files: a list of plays and `import_playbook:` entries (the other file's plays inlined,
 * its path relative to the importing file, cycles refused). Every problem of every file is
 * collected and thrown together.
 */
import * as path from 'node:path';
import { isScalar, type Node, type YAMLMap } from 'yaml';
import { ValidationErrors } from '../util/errors.js';
import { parseYaml, readYamlFile, type LocatedDocument } from '../util/yaml.js';
import { collect, cycleText, fileCtx, inStack, maybe, newLoader, readReferenced, referencedPath, report, within, type FileCtx, type Loader } from './context.js';
import { IMPORT_PLAYBOOK_KEYWORDS, reportUnknownKeyword } from './keywords.js';
import { asMap, asSeq, entries, toValue, typeName, type Entry } from './nodes.js';
import { parsePlay } from './play.js';
import { checkEntryTemplates } from './template-check.js';
import { hasTemplate } from './templated.js';
import type { Play, Playbook } from './types.js';
import { conditions, tags as tagsValue, vars as varsValue } from './values.js';

export async function loadPlaybook(file: string): Promise<Playbook> {
  const loader = newLoader();
  let plays: Play[] = [];
  try {
    const doc = await readYamlFile(file);
    plays = await within(loader, file, () => playsOf(fileCtx(doc, loader)));
  } catch (e) {
    collect(loader, e);
  }
  if (loader.errors.length) throw new ValidationErrors(loader.errors);
  return { file, dir: path.dirname(path.resolve(file)), plays, warnings: loader.warnings };
}

/** Plays of a playbook given as text (tests, generated playbooks); `file` names it in messages. */
export async function loadPlaybookText(text: string, file: string): Promise<Playbook> {
  const loader = newLoader();
  let plays: Play[] = [];
  try {
    const doc = parseYaml(text, file);
    plays = await within(loader, file, () => playsOf(fileCtx(doc, loader)));
  } catch (e) {
    collect(loader, e);
  }
  if (loader.errors.length) throw new ValidationErrors(loader.errors);
  return { file, dir: path.dirname(path.resolve(file)), plays, warnings: loader.warnings };
}

async function playsOf(fc: FileCtx): Promise<Play[]> {
  const root = fc.doc.doc.contents as Node | null;
  const seq = asSeq(root, fc.doc.doc);
  if (!seq) {
    const empty = !root || (isScalar(root) && root.value === null);
    report(fc, empty ? 'the playbook is empty: expected a list of plays' : `a playbook must be a list of plays, got ${typeName(root)}`, root);
    return [];
  }
  const plays: Play[] = [];
  for (const item of seq.items as Node[]) {
    const map = asMap(item, fc.doc.doc);
    if (!map) {
      report(fc, `expected a play (a mapping with 'hosts' and 'tasks') or 'import_playbook', got ${typeName(item)}`, item);
      continue;
    }
    const ents = entries(map, fc.doc.doc);
    if (ents.some((e) => e.key === 'import_playbook')) plays.push(...(await importPlaybook(fc, map, ents)));
    else {
      const play = await parsePlay(fc, map, ents);
      if (play) plays.push(play);
    }
  }
  return plays;
}

async function importPlaybook(fc: FileCtx, map: YAMLMap, ents: Entry[]): Promise<Play[]> {
  let fileNode: Node | null = null;
  let rel: string | undefined;
  let when: string[] | undefined;
  let tags: string[] = [];
  let vars: Record<string, unknown> | undefined;
  checkEntryTemplates(fc, ents, ['import_playbook']);
  for (const e of ents) {
    if (e.key === 'import_playbook') {
      fileNode = e.valueNode ?? e.keyNode;
      const v = toValue(e.valueNode, fc.doc.doc);
      if (typeof v === 'string' && v.trim() !== '' && !hasTemplate(v)) rel = v.trim();
      else report(fc, `'import_playbook' needs the file name of a playbook (without templates), got ${typeName(e.valueNode)}`, fileNode);
    } else if (e.key === 'when') when = conditions(fc, 'when', e.valueNode);
    else if (e.key === 'tags') tags = tagsValue(fc, e.valueNode) ?? [];
    else if (e.key === 'vars') vars = varsValue(fc, 'vars', e.valueNode);
    else if (e.key !== 'name') reportUnknownKeyword(fc, e, 'import_playbook', IMPORT_PLAYBOOK_KEYWORDS);
  }
  if (rel === undefined) return [];
  // an import_playbook behind when: the tasks of its plays may not run
  const plays = await loadImported(fc.loader, maybe(fc, when !== undefined), rel, fileNode);
  // as Ansible: the import's vars override the plays' own, its tags and conditions apply to all
  return plays.map((p) => ({
    ...p,
    ...(vars ? { vars: { ...(p.vars ?? {}), ...vars } } : {}),
    ...(when ? { when: [...when, ...(p.when ?? [])] } : {}),
    tags: [...new Set([...tags, ...p.tags])],
  }));
}

async function loadImported(loader: Loader, fc: FileCtx, rel: string, node: Node | null): Promise<Play[]> {
  const file = referencedPath(fc, rel);
  if (inStack(loader, file)) {
    report(fc, `import cycle: ${cycleText(loader, file)}`, node, 'a playbook cannot import itself, directly or through others');
    return [];
  }
  const doc: LocatedDocument | undefined = await readReferenced(fc, rel, node, 'playbook');
  if (!doc) return [];
  return within(loader, doc.file, () => playsOf(fileCtx(doc, loader, fc.uncertain)));
}

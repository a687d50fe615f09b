/**
 * YAML reading with locations. Every loader (inventory, playbook, vars files) parses through here so
 * errors carry file:line:column and the offending line.
 */
import { promises as fs } from 'node:fs';
import { LineCounter, parseDocument, isAlias, isNode, isPair, isCollection, type Document, type Node, type ScalarTag } from 'yaml';
import { ValidationError, ValidationErrors, type SourceLocation } from './errors.js';
import { isVaultText, openVaultedText, openVaultTags, vaultTag } from './yaml-vault.js';
import { applyUnsafeTags } from './yaml-unsafe.js';

export interface LocatedDocument {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** Location of a node (or of an offset) in this file. */
  locOf(node: Node | number | null | undefined): SourceLocation;
  /** The text of a 1-based line, for excerpts. */
  lineText(line: number): string;
  /** A ValidationError located at a node, with the line excerpt filled in (withheld in a vaulted file). */
  error(message: string, node: Node | number | null | undefined, hint?: string): ValidationError;
  /** The file was vault-encrypted as a whole: `text` is the plaintext, whose lines are never shown. */
  vaulted?: boolean;
}

/**
 * Parse YAML text with locations. A vault-encrypted file is decrypted first and `!vault` values
 * where they stand (yaml-vault.ts); errors in a decrypted file show no excerpt.
 */
export function parseYaml(text: string, file: string): LocatedDocument {
  const vaulted = isVaultText(text);
  if (vaulted) text = openVaultedText(text, file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true, customTags: [vaultTag, yaml11Bool] });
  const textLines = text.split(/\r?\n/);
  const excerpt = (line: number): string | null => (vaulted ? null : located.lineText(line));
  const located: LocatedDocument = {
    file,
    text,
    doc,
    lines,
    ...(vaulted ? { vaulted } : {}),
    locOf(node) {
      const offset = typeof node === 'number' ? node : isNode(node) && node.range ? node.range[0] : 0;
      const { line, col } = lines.linePos(offset);
      return { file, line, col };
    },
    lineText(line) {
      return textLines[line - 1] ?? '';
    },
    error(message, node, hint) {
      const loc = located.locOf(node);
      return new ValidationError(message, loc, hint, excerpt(loc.line));
    },
  };
  const bad = FORBIDDEN.exec(text);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new ValidationErrors([
      located.error(`YAML syntax error: the character U+${code} is not allowed in YAML`, bad.index, 'YAML allows only printable characters; write it as an escape in a double-quoted string (e.g. "\\x00")'),
    ]);
  }
  if (doc.errors.length) {
    throw new ValidationErrors(
      doc.errors.map((e) => {
        const loc = located.locOf(e.pos[0]);
        return new ValidationError(`YAML syntax error: ${e.message.split('\n')[0]}`, loc, undefined, excerpt(loc.line));
      }),
    );
  }
  if (text.includes('!vault')) {
    const problems = openVaultTags(doc, file, text, (offset) => located.locOf(offset), excerpt);
    if (problems.length) throw new ValidationErrors(problems);
  }
  if (text.includes('!unsafe')) applyUnsafeTags(doc);
  const bomb = aliasBomb(doc);
  if (bomb) {
    throw new ValidationErrors([
      located.error(
        `YAML aliases expand to more than ${ALIAS_EXPANSION_LIMIT.toLocaleString('en')} values (from ${bomb.own} written ones)`,
        bomb.at,
        'nested anchors and aliases that multiply like this are a resource exhaustion attack ("billion laughs"); write the data out',
      ),
    ]);
  }
  return located;
}

/**
 * YAML 1.1's other booleans, as PyYAML (and so Ansible) reads plain scalars: yes/no/on/off in
 * lower, capitalized or upper case (`x: yes` is True; "yes" quoted stays a string).
 */
const yaml11Bool: ScalarTag = {
  tag: 'tag:yaml.org,2002:bool',
  default: true,
  test: /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/,
  resolve: (str: string) => /^(?:yes|on)$/i.test(str),
};

/**
 * Characters that YAML forbids in a stream (as PyYAML, and so Ansible, refuse them): C0 controls
 * but tab, LF and CR; DEL; C1 controls but NEL; U+FFFE and U+FFFF; lone surrogates.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * How many values aliases may add to a document when they are expanded, beyond ten times the values
 * written in it (a large inventory that merges `<<: *defaults` into every host stays far below).
 */
export const ALIAS_EXPANSION_LIMIT = 10_000;

/**
 * The alias at which expanding a document's aliases passes the limit (nested anchors that multiply:
 * `&a [x,x,...]`, `&b [*a,*a,...]`, ...), or undefined. Sizes are memoized per node, so this is
 * linear in the written document; an alias inside the node it names counts as one value.
 */
function aliasBomb(doc: Document.Parsed): { at: Node; own: number } | undefined {
  const sizes = new Map<unknown, number>();
  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      return target ? sizeOf(target) : 1;
    }
    if (!isCollection(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, 1); // an alias back into this node while it is measured
    let n = 1;
    for (const item of node.items) n += isPair(item) ? sizeOf(item.key) + sizeOf(item.value) : sizeOf(item);
    sizes.set(node, n);
    return n;
  };
  let own = 0;
  const aliases: Node[] = [];
  const walk = (node: unknown): void => {
    own++;
    if (isAlias(node)) aliases.push(node);
    else if (isCollection(node)) for (const item of node.items) isPair(item) ? (walk(item.key), walk(item.value)) : walk(item);
  };
  walk(doc.contents);
  const limit = ALIAS_EXPANSION_LIMIT + 10 * own;
  let added = 0;
  for (const alias of aliases) {
    added += sizeOf(alias);
    if (added > limit) return { at: alias, own };
  }
  return undefined;
}

/**
 * The plain JavaScript value of a node of a parsed document, aliases and merges resolved. parseYaml
 * has bounded what aliases expand to, so the yaml library's own alias counter (which throws past a
 * fixed count, even for a large but harmless inventory) is off.
 */
export function plainValue(node: Node | null | undefined, doc: Document): unknown {
  if (!node) return null;
  return node.toJS(doc, { maxAliasCount: -1 });
}

export async function readYamlFile(file: string): Promise<LocatedDocument> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new ValidationError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseYaml(text, file);
}

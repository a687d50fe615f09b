/**
 * YAML reading with locations. Every loader (inventory, playbook, vars files) parses through here so
 * errors carry file:line:column and the offending line.
 */
import { promises as fs } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document, type Node } from 'yaml';
import { ValidationError, ValidationErrors, type SourceLocation } from './errors.js';

export interface LocatedDocument {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** Location of a node (or of an offset) in this file. */
  locOf(node: Node | number | null | undefined): SourceLocation;
  /** The text of a 1-based line, for excerpts. */
  lineText(line: number): string;
  /** A ValidationError located at a node, with the line excerpt filled in. */
  error(message: string, node: Node | number | null | undefined, hint?: string): ValidationError;
}

export function parseYaml(text: string, file: string): LocatedDocument {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  const textLines = text.split(/\r?\n/);
  const located: LocatedDocument = {
    file,
    text,
    doc,
    lines,
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
      return new ValidationError(message, loc, hint, located.lineText(loc.line));
    },
  };
  if (doc.errors.length) {
    throw new ValidationErrors(
      doc.errors.map((e) => {
        const loc = located.locOf(e.pos[0]);
        return new ValidationError(`YAML syntax error: ${e.message.split('\n')[0]}`, loc, undefined, located.lineText(loc.line));
      }),
    );
  }
  return located;
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

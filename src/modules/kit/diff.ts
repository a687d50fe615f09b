/**
 * Diff entries of the modules that change files or settings, shaped as Ansible's: content diffs carry the text before and
 * after (binary or very large files get a one-line note instead of their bytes); attribute and state
 * diffs ({path, state, mode, owner, ...}) are rendered as Ansible's callback renders a dict: JSON with
 * sorted keys and an indent of 4, so the UI can diff them as text.
 */
import type { FileDiff } from '../types.js';

/** Ansible's default max_diff_size (bytes). */
export const MAX_DIFF_SIZE = 104448;

export function isBinary(b: Buffer): boolean {
  return b.subarray(0, 8192).includes(0);
}

/** Text for one side of a content diff ('' for an absent file). */
export function diffSide(b: Buffer | undefined): string {
  if (b === undefined) return '';
  if (isBinary(b)) return `(binary file, ${b.length} bytes, not shown)\n`;
  if (b.length > MAX_DIFF_SIZE) return `(file of ${b.length} bytes, larger than ${MAX_DIFF_SIZE}, not shown)\n`;
  return b.toString('utf8');
}

/**
 * A content diff. `before` undefined: the file does not exist; a string: it exists but its content
 * was not read, and the string says why (shown as a note).
 */
export function contentDiff(
  path: string,
  before: Buffer | undefined | string,
  after: Buffer | undefined,
  afterHeader?: string,
): FileDiff {
  return {
    before: typeof before === 'string' ? `(${before})\n` : diffSide(before),
    after: diffSide(after),
    before_header: path,
    after_header: afterHeader ?? path,
  };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** A dict as Ansible's callback shows it in a diff: json.dumps(sort_keys=True, indent=4) + newline. */
export function dictText(d: Record<string, unknown>): string {
  return JSON.stringify(sortKeys(d), null, 4) + '\n';
}

/** A state/attribute diff from two dicts; undefined when they are equal. */
export function dictDiff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  headers?: { before?: string; after?: string },
): FileDiff | undefined {
  const b = dictText(before);
  const a = dictText(after);
  if (a === b) return undefined;
  return { before: b, after: a, ...(headers?.before ? { before_header: headers.before } : {}), ...(headers?.after ? { after_header: headers.after } : {}) };
}

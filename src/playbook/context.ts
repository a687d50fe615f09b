/**
 * State shared while one playbook is loaded: the problems found so far (all reported together), the
 * chain of files being imported (for cycle detection), and per-file context for located errors.
 */
import * as path from 'node:path';
import type { Node } from 'yaml';
import { problemsOf, ValidationError } from '../util/errors.js';
import { readYamlFile, type LocatedDocument } from '../util/yaml.js';

export interface NotifyRef {
  name: string;
  error(message: string, hint?: string): ValidationError;
}

export interface Loader {
  errors: ValidationError[];
  /** The files being loaded, outermost first (absolute path for comparing, path as shown). */
  stack: Array<{ abs: string; file: string }>;
  /** Handler references of the play being loaded (checked against its handlers). */
  notifyRefs: NotifyRef[];
  /** The play being loaded has include_role/import_role tasks (their handlers are known only later). */
  roleTasks?: boolean;
  /** Located problems that do not refuse the playbook (shown before the run), e.g. a filter machinist lacks. */
  warnings: ValidationError[];
  /** YAML nodes whose templates were checked (an anchor is reached again through its aliases). */
  checked?: WeakSet<object>;
  /** An earlier task of the play being loaded may end it for a host (meta end_*, an include): later tasks are not certainly reached. */
  mayEnd?: boolean;
}

export interface FileCtx {
  doc: LocatedDocument;
  /** Absolute directory of the file (relative includes are resolved here). */
  dir: string;
  loader: Loader;
  /**
   * The tasks read here are not certainly reached, or their failure is handled (a `when`, a rescue,
   * a handler, an included file...): a problem Ansible meets only when such a task runs is a warning
   * before the run, and the task fails if it runs.
   */
  uncertain?: boolean;
}

export function newLoader(): Loader {
  return { errors: [], stack: [], notifyRefs: [], warnings: [] };
}

export function fileCtx(doc: LocatedDocument, loader: Loader, uncertain?: boolean): FileCtx {
  return { doc, dir: path.dirname(path.resolve(doc.file)), loader, ...(uncertain ? { uncertain } : {}) };
}

/** The same file, its tasks from here on not certainly reached when `uncertain` (or already so). */
export function maybe(fc: FileCtx, uncertain: boolean): FileCtx {
  return uncertain && !fc.uncertain ? { ...fc, uncertain: true } : fc;
}

/**
 * Run `fn`; the problems it reports become warnings (each saying "when it runs"), returned too:
 * for what Ansible meets only at run time (a task not certainly reached, a file a dynamic include reads).
 */
export async function softly<T>(loader: Loader, fn: () => Promise<T> | T): Promise<{ value: T | undefined; problems: ValidationError[] }> {
  const before = loader.errors.length;
  let value: T | undefined;
  try {
    value = await fn();
  } catch (e) {
    collect(loader, e);
  }
  const problems = loader.errors.splice(before);
  loader.warnings.push(...problems.map(asWarning));
  return { value, problems };
}

/** A problem that fails its task only if the task runs, as a warning before the run. */
export function asWarning(e: ValidationError): ValidationError {
  return new ValidationError(`${e.message} (this fails when it runs, not before)`, e.loc, e.hint, e.sourceLine);
}

/** Record a problem located at a node of the current file. */
export function report(fc: FileCtx, message: string, node: Node | null | undefined, hint?: string): void {
  fc.loader.errors.push(fc.doc.error(message, node, hint));
}

/** Collect the errors a throwing step produced (YAML syntax errors, unreadable files). */
export function collect(loader: Loader, e: unknown): void {
  loader.errors.push(...problemsOf(e));
}

/**
 * Read a YAML file that another file refers to. A missing or unreadable file is reported at the
 * referring node; YAML errors inside it are reported in it. Undefined when it could not be read.
 */
export async function readReferenced(fc: FileCtx, rel: string, node: Node | null, what: string): Promise<LocatedDocument | undefined> {
  const file = referencedPath(fc, rel);
  try {
    return await readYamlFile(file);
  } catch (e) {
    if (e instanceof ValidationError && !e.loc) {
      report(fc, `cannot read ${what} '${rel}': ${e.message.replace(/^cannot read [^:]*: /, '')}`, node);
      return undefined;
    }
    collect(fc.loader, e);
    return undefined;
  }
}

/** A file named relative to the current file's directory, written in the same style (relative or absolute). */
export function referencedPath(fc: FileCtx, rel: string): string {
  return path.isAbsolute(rel) ? rel : path.join(path.dirname(fc.doc.file), rel);
}

/** Whether a file is already being loaded further out (an import of it would never end). */
export function inStack(loader: Loader, file: string): boolean {
  const abs = path.resolve(file);
  return loader.stack.some((s) => s.abs === abs);
}

/** The display chain of an import cycle: a.yml → b.yml → a.yml. */
export function cycleText(loader: Loader, again: string): string {
  const abs = path.resolve(again);
  const from = loader.stack.findIndex((s) => s.abs === abs);
  return [...loader.stack.slice(from).map((s) => s.file), again].join(' → ');
}

/** Run `fn` with `file` pushed on the stack of files being loaded. */
export async function within<T>(loader: Loader, file: string, fn: () => Promise<T>): Promise<T> {
  loader.stack.push({ abs: path.resolve(file), file });
  try {
    return await fn();
  } finally {
    loader.stack.pop();
  }
}

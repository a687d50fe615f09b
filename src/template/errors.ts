/**
 * Template errors and Jinja2's Undefined. An undefined value is carried as an `Undefined` object
 * (like Ansible's StrictUndefined chain) so that `default`, `is defined` and `mandatory` can handle
 * it; any other use (output, comparison, arithmetic, iteration, truth test) raises its error.
 */

export class TemplateError extends Error {
  /** The template source the error happened in, when known. */
  source?: string;
  /** 1-based line/column inside the template, when known. */
  line?: number;
  col?: number;
  /** A "did you mean" hint, when one was found. */
  hint?: string;
  /** For a template that cannot be parsed: the parser's own words (without the source). */
  syntax?: string;
  /** Raised by using an undefined value (Ansible's AnsibleUndefinedVariable). */
  undefined?: boolean;
  constructor(message: string, opts: { hint?: string; source?: string; line?: number; col?: number; syntax?: string; undefined?: boolean } = {}) {
    super(message);
    this.name = 'TemplateError';
    Object.assign(this, opts);
  }
}

/** A value that is not defined. The first failure's message is kept through attribute chains. */
export class Undefined {
  constructor(
    /** e.g. "'foo' is undefined" or "'dict object' has no attribute 'y'". */
    readonly message: string,
    readonly hint?: string,
    /** The variable name when this is a missing top-level variable. */
    readonly name?: string,
    /** Computes a "did you mean" hint only when the error is raised. */
    private readonly suggest?: () => string | undefined,
  ) {}
  /** The error raised when the value is used. */
  error(): TemplateError {
    const hint = this.hint ?? this.suggest?.();
    return new TemplateError(hint ? `${this.message}; ${hint}` : this.message, { hint, undefined: true });
  }
  toString(): never {
    throw this.error();
  }
}

/** Throw the undefined error if v is Undefined; return v otherwise. */
export function defined<T>(v: T): Exclude<T, Undefined> {
  if (v instanceof Undefined) throw v.error();
  return v as Exclude<T, Undefined>;
}

/**
 * What a lookup plugin is (Ansible's LookupBase.run): terms in, a list out, run on the controller.
 * A LookupFailure is Ansible's AnsibleLookupError (the plugin decided to fail: `errors=` applies as it
 * is); any other error is "an unhandled exception" to lookup()/query(), which `errors=` also covers.
 */
import { TemplateError } from '../errors.js';
import type { RenderContext } from '../runtime.js';

export interface LookupCall {
  /** The render in progress: variables are read through it (role_path, playbook_dir, ...). */
  ctx: RenderContext;
  /** Keyword arguments given to lookup()/query() (errors and wantlist removed). */
  kw: Record<string, unknown>;
  /** The folder a file lookup searches first: 'files', or 'templates'/'vars' for a with_ loop on such a task. */
  subdir?: string;
}

export type Lookup = (terms: unknown[], call: LookupCall) => unknown[];

/** Ansible's AnsibleLookupError. */
export class LookupFailure extends TemplateError {}

/** Ansible's AnsibleError raised by a plugin (reported as an unhandled exception by lookup()). */
export class LookupError extends TemplateError {}

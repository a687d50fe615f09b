/**
 * Effective become for a task: the nearest of task > blocks > play keywords, then the host's
 * ansible_become* variables, then the command line (-b, --become-user, -K). The password comes from
 * ansible_become_password / ansible_become_pass or -K and is never put in argv (the transport feeds
 * it on stdin).
 */
import { boolean } from '../py/bool.js';
import type { BecomeSpec } from '../transport/types.js';
import { isValidBecomeUser } from '../transport/index.js';

export interface BecomeLayer {
  become?: boolean;
  becomeUser?: string;
}

export interface BecomeInputs {
  /** Keyword layers, innermost (task) first; values already rendered. */
  layers: BecomeLayer[];
  /** The host's rendered variables (ansible_become, ansible_become_user, ansible_become_password...). */
  vars: Record<string, unknown>;
  cli: { become?: boolean; becomeUser?: string; becomePassword?: string };
}

function firstDefined<T>(...vals: Array<T | undefined>): T | undefined {
  for (const v of vals) if (v !== undefined && v !== null && (v as unknown) !== '') return v;
  return undefined;
}

export class BecomeError extends Error {}

export function resolveBecome(inp: BecomeInputs): BecomeSpec | null {
  const { layers, vars, cli } = inp;
  const kwBecome = firstDefined(...layers.map((l) => l.become));
  // Ansible's boolean() of ansible_become when it is set (not None): anything else is refused
  const varBecome = vars.ansible_become === undefined || vars.ansible_become === null ? undefined : boolean(vars.ansible_become);
  const on = firstDefined(kwBecome, varBecome, cli.become) ?? false;
  if (!on) return null;
  const user =
    firstDefined(
      ...layers.map((l) => l.becomeUser),
      vars.ansible_become_user === undefined ? undefined : String(vars.ansible_become_user),
      cli.becomeUser,
    ) ?? 'root';
  if (!isValidBecomeUser(user)) throw new BecomeError(`invalid become user ${JSON.stringify(user)}: expected a user name`);
  const pw = firstDefined(vars.ansible_become_password, vars.ansible_become_pass, cli.becomePassword);
  const spec: BecomeSpec = { user };
  if (pw !== undefined) spec.password = String(pw);
  return spec;
}

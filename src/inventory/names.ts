/**
 * What a host or group may be called. Names end up in patterns, templates, file names (host_vars/)
 * and remote commands, so anything with spaces or shell metacharacters is refused outright.
 */

/** Host names: DNS names, IPv4/IPv6 addresses (with a %zone), underscores. */
const HOST_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_.:%-]*$/u;
/** Group names: like Ansible's, plus '-' and '.', which many inventories use. */
const GROUP_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_.-]*$/u;

/** The names Ansible treats as the implicit localhost. */
export const LOCALHOST_NAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '::1']);

export const GROUP_KEYS = ['hosts', 'children', 'vars'] as const;

/** Why a host name is refused, or undefined when it is fine. */
export function badHostName(name: string): string | undefined {
  if (name === '') return 'a host name cannot be empty';
  if (HOST_NAME.test(name)) return undefined;
  const bad = [...name].find((c) => !/[\p{L}\p{N}_.:%-]/u.test(c));
  if (bad !== undefined) return `invalid host name '${name}': ${describeChar(bad)} is not allowed in a host name`;
  return `invalid host name '${name}': a host name must start with a letter, digit or '_'`;
}

/** Why a group name is refused, or undefined when it is fine. */
export function badGroupName(name: string): string | undefined {
  if (name === '') return 'a group name cannot be empty';
  if (GROUP_NAME.test(name)) return undefined;
  const bad = [...name].find((c) => !/[\p{L}\p{N}_.-]/u.test(c));
  if (bad !== undefined) return `invalid group name '${name}': ${describeChar(bad)} is not allowed in a group name`;
  return `invalid group name '${name}': a group name must start with a letter, digit or '_'`;
}

function describeChar(c: string): string {
  if (c === ' ') return 'a space';
  if (c === '\t') return 'a tab';
  if (/\s/.test(c)) return 'white space';
  if (c.charCodeAt(0) < 32) return `the control character \\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  return `'${c}'`;
}

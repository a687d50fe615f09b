/**
 * The domains of connection variables that take a number (ansible_port, ansible_timeout): one rule,
 * used when a host is reached (spec.ts) and when an inventory that fixes them literally is read.
 */

/** A port number (a whole number or its digits, 1 to 65535), or undefined when `v` is none. */
export function portNumber(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
}

export const PORT_DOMAIN = 'a port number from 1 to 65535';

/** A connection timeout in seconds (a positive number or its text), or undefined when `v` is none. */
export function timeoutSeconds(v: unknown): number | undefined {
  const t = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(t) && t > 0 ? t : undefined;
}

export const TIMEOUT_DOMAIN = 'a positive number of seconds';

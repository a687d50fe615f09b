/**
 * wait_for as ONE remote /bin/sh (dash) loop: it checks, sleeps and re-checks on the managed host
 * until the condition holds or the timeout passes, then prints one marker line with the elapsed
 * centiseconds (from /proc/uptime, read by a builtin). Port checks for the local host read the
 * kernel's socket tables (/proc/net/tcp, tcp6) with grep, which needs no nc; other hosts are tried
 * with bash's /dev/tcp under `timeout` (bash is essential on Debian), else nc -z.
 */
import { quote, raw, sh } from '../../util/quote.js';

export type WaitState = 'started' | 'present' | 'stopped' | 'absent' | 'drained';

export interface WaitSpec {
  host: string;
  port?: number;
  path?: string;
  searchRegex?: string;
  state: WaitState;
  delay: number;
  timeout: number;
  sleep: number;
  connectTimeout: number;
  excludeHosts: string[];
  activeStates: string[];
}

/** Kernel TCP states as /proc/net/tcp writes them. */
export const TCP_STATES: Record<string, string> = {
  ESTABLISHED: '01', SYN_SENT: '02', SYN_RECV: '03', FIN_WAIT1: '04', FIN_WAIT2: '05', TIME_WAIT: '06',
  CLOSE: '07', CLOSE_WAIT: '08', LAST_ACK: '09', LISTEN: '0A', CLOSING: '0B',
};

/** Largest file or stream excerpt sent back for match groups. */
export const EXCERPT_BYTES = 1 << 20;

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** An IPv4 address as /proc/net/tcp writes it (little-endian hex), or undefined. */
export function ipv4Hex(ip: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const b = m.slice(1).map(Number);
  if (b.some((x) => x > 255)) return undefined;
  return b.reverse().map(hex2).join('');
}

/** An IPv6 address as /proc/net/tcp6 writes it (four little-endian 32-bit words), or undefined. */
export function ipv6Hex(ip: string): string | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(ip) || !ip.includes(':')) return undefined;
  let s = ip;
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const h = ipv4Hex(v4[1]);
    if (!h) return undefined;
    const be = h.match(/../g)!.reverse().join('');
    s = s.slice(0, v4.index + 1) + be.slice(0, 4) + ':' + be.slice(4);
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = 8 - left.length - right.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined;
  const groups = [...left, ...Array(halves.length === 2 ? fill : 0).fill('0'), ...right];
  if (groups.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
  const bytes = groups.flatMap((g) => {
    const v = parseInt(g, 16);
    return [v >> 8, v & 255];
  });
  let out = '';
  for (let w = 0; w < 4; w++) out += bytes.slice(w * 4, w * 4 + 4).reverse().map(hex2).join('');
  return out;
}

const ANY4 = '00000000';
const ANY6 = '0'.repeat(32);

/** Host names that mean "this machine": their ports are read from the socket tables. */
export function isLocalHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '0.0.0.0' || host === '::' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Hex local addresses a listening socket may have for a connect to `host` to reach it. */
export function listenAddresses(host: string): string[] | 'any' {
  if (host === '0.0.0.0' || host === '::') return 'any';
  const v4 = host === 'localhost' ? '127.0.0.1' : host;
  const out = new Set<string>();
  const h4 = ipv4Hex(v4);
  if (h4) {
    out.add(h4).add(ANY4).add(ANY6).add('0000000000000000FFFF0000' + h4);
  }
  if (host === 'localhost' || host === '::1') out.add(ipv6Hex('::1')!).add(ANY6);
  return [...out];
}

/** Hex forms (v4 and v4-mapped v6, or v6) of an address; refuses names. */
export function addressHexes(ip: string): string[] {
  const h4 = ipv4Hex(ip);
  if (h4) return [h4, '0000000000000000FFFF0000' + h4];
  const h6 = ipv6Hex(ip);
  if (h6) return [h6];
  throw new Error(`exclude_hosts takes IP addresses, not ${JSON.stringify(ip)}`);
}

function portHex(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, '0');
}

/** grep -E pattern for a socket-table line with a local address in `addrs` and a state in `states`. */
export function socketLinePattern(addrs: string[] | 'any', port: number, states: string[]): string {
  const a = addrs === 'any' ? '[0-9A-F]+' : `(${addrs.join('|')})`;
  return `^ *[0-9]+: ${a}:${portHex(port)} [0-9A-F]+:[0-9A-F]{4} (${states.join('|')}) `;
}

/** The regex as grep sees it: PCRE over the whole file with Python's re.MULTILINE, or ERE by line. */
function grepArgs(regex: string, pcre: boolean): string {
  return pcre ? sh`-Pzq -e ${'(?m)' + regex}` : sh`-Eq -e ${regex}`;
}

const TCP_FILES = '/proc/net/tcp /proc/net/tcp6';

/** Bash snippet (run as `bash -c SNIPPET host port ct regex flags`) that reads a port's banner. */
const BANNER_BASH = [
  'exec 3<>"/dev/tcp/$0/$1" || exit 3',
  'a=',
  'while IFS= read -r -t "$2" l <&3 || [ -n "$l" ]; do',
  '  a="$a$l',
  '"',
  '  if printf %s "$a" | grep $4 -e "$3"; then printf %s "$a"; exit 0; fi',
  '  l=',
  'done',
  'exit 1',
].join('\n');

function checkFunction(spec: WaitSpec): string[] {
  const lines: string[] = [];
  const ct = String(spec.connectTimeout);
  if (spec.path !== undefined) {
    const p = quote(spec.path);
    if (spec.state === 'absent') lines.push(`__check() { ! [ -e ${p} ]; }`);
    else if (spec.searchRegex === undefined) lines.push(`__check() { [ -e ${p} ]; }`);
    else {
      lines.push(`__check() { [ -r ${p} ] || return 1; if [ -n "$__pcre" ]; then grep ${grepArgs(spec.searchRegex, true)} ${p} 2>/dev/null; else grep ${grepArgs(spec.searchRegex, false)} ${p} 2>/dev/null; fi; }`);
      lines.push(`__found() { head -c ${EXCERPT_BYTES} ${p}; }`);
    }
    return lines;
  }
  const port = spec.port!;
  if (spec.state === 'drained') {
    // The local host (the default) counts connections on any local address; an IP only its own.
    const addrs = isLocalHost(spec.host) ? 'any' : addressHexes(spec.host);
    const pat = socketLinePattern(addrs, port, spec.activeStates.map((s) => TCP_STATES[s]));
    const excl = spec.excludeHosts.flatMap(addressHexes);
    const count = excl.length
      ? sh`cat ${raw(TCP_FILES)} 2>/dev/null | grep -E -e ${pat} | grep -cvE -e ${` (${excl.join('|')}):[0-9A-F]{4} `}`
      : sh`cat ${raw(TCP_FILES)} 2>/dev/null | grep -cE -e ${pat}`;
    lines.push(`__check() { __n=$(${count}); [ "\${__n:-0}" -eq 0 ]; }`);
    return lines;
  }
  if (isLocalHost(spec.host) && spec.searchRegex === undefined) {
    const pat = socketLinePattern(listenAddresses(spec.host), port, ['0A']);
    lines.push(sh`__open() { cat ${raw(TCP_FILES)} 2>/dev/null | grep -qE -e ${pat}; }`);
  } else if (spec.searchRegex === undefined) {
    lines.push(
      `__open() { if [ "$__via" = bash ]; then $__to bash -c 'exec 3<>"/dev/tcp/$0/$1"' ${quote(spec.host)} ${port} 2>/dev/null; ` +
        `else nc -z -w ${ct} ${quote(spec.host)} ${port} >/dev/null 2>&1; fi; }`,
    );
  } else {
    lines.push(
      `__open() { if [ -n "$__pcre" ]; then __fl=-Pzq; __re=${quote('(?m)' + spec.searchRegex)}; else __fl=-Eq; __re=${quote(spec.searchRegex)}; fi; ` +
        `__data=$($__to bash -c ${quote(BANNER_BASH)} ${quote(spec.host)} ${port} ${ct} "$__re" "$__fl" 2>/dev/null); }`,
    );
    lines.push(`__found() { printf %s "$__data" | head -c ${EXCERPT_BYTES}; }`);
  }
  lines.push(spec.state === 'stopped' ? '__check() { ! __open; }' : '__check() { __open; }');
  return lines;
}

/** Whether the check needs a TCP client on the managed host (bash /dev/tcp or nc). */
export function needsClient(spec: WaitSpec): boolean {
  return spec.port !== undefined && spec.state !== 'drained' && (!isLocalHost(spec.host) || spec.searchRegex !== undefined);
}

export function buildWaitScript(nonce: string, spec: WaitSpec): string {
  const cs = (s: number) => Math.round(s * 100);
  const out: string[] = [
    `__t() { read __up __r </proc/uptime; __now=$(( \${__up%.*} * 100 + 1\${__up#*.} - 100 )); }`,
    `__t; __start=$__now; __deadline=$(( __start + ${cs(spec.timeout)} ))`,
    `__pcre=; if printf x | grep -Pzq -e '(?m)^x' 2>/dev/null; then __pcre=1; fi`,
    `__to=; if command -v timeout >/dev/null 2>&1; then __to='timeout ${spec.connectTimeout}'; fi`,
  ];
  if (needsClient(spec)) {
    // Reading a banner needs bash's /dev/tcp; a plain connect can also use nc -z.
    const nc = spec.searchRegex === undefined ? 'elif command -v nc >/dev/null 2>&1; then __via=nc; ' : '';
    out.push(`if command -v bash >/dev/null 2>&1; then __via=bash; ${nc}else printf '%s notool\\n' ${nonce}; exit 0; fi`);
  }
  out.push(...checkFunction(spec));
  if (spec.delay > 0) out.push(`sleep ${spec.delay}`);
  const found = spec.searchRegex !== undefined && spec.state !== 'stopped' && spec.state !== 'absent' ? '; __found' : '';
  out.push(
    'while :; do',
    `  if __check; then __t; printf '%s ok %s\\n' ${nonce} $(( __now - __start ))${found}; exit 0; fi`,
    `  __t; if [ "$__now" -ge "$__deadline" ]; then printf '%s timeout %s\\n' ${nonce} $(( __now - __start )); exit 0; fi`,
    `  sleep ${spec.sleep}`,
    'done',
  );
  return out.join('\n') + '\n';
}

export interface WaitOutcome {
  status: 'ok' | 'timeout' | 'notool';
  /** Seconds, with centisecond resolution. */
  elapsed: number;
  /** File or banner excerpt for search_regex match groups. */
  data?: string;
}

/** Parse the loop's output: the marker line, then (for search_regex) the matched text. */
export function parseWaitOutput(nonce: string, stdout: string): WaitOutcome | undefined {
  const idx = stdout.indexOf(nonce + ' ');
  if (idx < 0) return undefined;
  const nl = stdout.indexOf('\n', idx);
  const line = stdout.slice(idx + nonce.length + 1, nl < 0 ? undefined : nl).trim();
  const [status, cs] = line.split(/\s+/);
  if (status !== 'ok' && status !== 'timeout' && status !== 'notool') return undefined;
  const outcome: WaitOutcome = { status, elapsed: cs ? Number(cs) / 100 : 0 };
  if (status === 'ok' && nl >= 0 && nl + 1 < stdout.length) outcome.data = stdout.slice(nl + 1);
  return outcome;
}

/**
 * Python-style regex (as Ansible's wait_for uses, with re.MULTILINE) converted to JavaScript:
 * (?P<n>...) → (?<n>...), (?P=n) → \k<n>. Undefined when JavaScript cannot compile it.
 */
export function pythonRegex(re: string): RegExp | undefined {
  const js = re.replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>').replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>');
  try {
    return new RegExp(js, 'm');
  } catch {
    return undefined;
  }
}

/** match_groups and match_groupdict as Ansible returns them. */
export function matchGroups(regex: string, text: string | undefined): { match_groups: (string | null)[]; match_groupdict: Record<string, string | null> } {
  const re = pythonRegex(regex);
  const m = re && text !== undefined ? re.exec(text) : null;
  if (!m) return { match_groups: [], match_groupdict: {} };
  const dict: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(m.groups ?? {})) dict[k] = v ?? null;
  return { match_groups: m.slice(1).map((g) => g ?? null), match_groupdict: dict };
}

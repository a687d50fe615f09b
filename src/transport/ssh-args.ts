/**
 * ansible_ssh_common_args / ansible_ssh_extra_args: ssh(1) command-line words of which machinist
 * honours -o Key=Value (also `-o 'Key Value'`, `-oKey=Value`, `-o Key Value`), -J jump, -p port,
 * -i identity, -l user. Other flags are skipped (with their argument when they take one) and listed
 * in `ignored` so the caller can say so.
 */
import { shlexSplit, ShlexError } from '../py/shlex.js';
import { strictValue } from './ssh-config.js';

export interface SshArgs {
  /** -o options, keys lower-cased, first value wins (as ssh). */
  options: Record<string, string>;
  identityFiles: string[];
  port?: number;
  user?: string;
  proxyJump?: string;
  userKnownHostsFiles: string[];
  strictHostKeyChecking?: 'strict' | 'accept-new' | 'off';
  connectTimeoutMs?: number;
  ignored: string[];
}

/**
 * The words of an ssh argument string as Ansible's _split_ssh_args makes them: Python's shlex.split,
 * each word stripped, empty ones dropped.
 */
export function splitWords(s: string): string[] {
  let words: string[];
  try {
    words = shlexSplit(s);
  } catch (e) {
    if (!(e instanceof ShlexError)) throw e;
    const what = e.message === 'No closing quotation' ? 'unterminated quote' : 'nothing after the last backslash';
    throw new Error(`${what} in ssh arguments (${e.message}): ${s}`);
  }
  return words.map((w) => w.trim()).filter((w) => w !== '');
}

/** ssh flags that take an argument (skipped together with it). */
const WITH_ARG = new Set('BbcDEeFIiJLlmOopQRSWw'.split(''));

export function parseSshArgs(text: string | undefined): SshArgs {
  const r: SshArgs = { options: {}, identityFiles: [], userKnownHostsFiles: [], ignored: [] };
  if (!text || !text.trim()) return r;
  const words = splitWords(text);
  const setOpt = (k: string, v: string) => {
    const key = k.toLowerCase();
    if (!(key in r.options)) r.options[key] = v;
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.startsWith('-') || w.length < 2) {
      r.ignored.push(w);
      continue;
    }
    // A cluster like -4vo: boolean flags then possibly one that takes an argument.
    for (let j = 1; j < w.length; j++) {
      const f = w[j];
      if (!WITH_ARG.has(f)) {
        r.ignored.push('-' + f);
        continue;
      }
      let arg = w.slice(j + 1);
      if (!arg) arg = words[++i] ?? '';
      if (f === 'o') {
        const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*)$/.exec(arg);
        if (m) setOpt(m[1], m[2].trim());
        else if (/^[A-Za-z][A-Za-z0-9]*$/.test(arg) && i + 1 < words.length && !words[i + 1].startsWith('-')) setOpt(arg, words[++i]);
        else r.ignored.push('-o ' + arg);
      } else if (f === 'J') r.proxyJump ??= arg;
      else if (f === 'p') setOpt('port', arg);
      else if (f === 'i') r.identityFiles.push(arg);
      else if (f === 'l') setOpt('user', arg);
      else r.ignored.push(`-${f} ${arg}`);
      break;
    }
  }
  const o = r.options;
  if (o.port !== undefined) {
    if (!/^\d+$/.test(o.port)) throw new Error(`invalid port in ssh arguments: ${JSON.stringify(o.port)}`);
    r.port = Number(o.port);
  }
  if (o.user) r.user = o.user;
  if (o.identityfile) r.identityFiles.push(o.identityfile);
  if (o.proxyjump && !r.proxyJump) r.proxyJump = o.proxyjump;
  if (r.proxyJump?.toLowerCase() === 'none') r.proxyJump = undefined;
  if (o.userknownhostsfile && o.userknownhostsfile.toLowerCase() !== 'none') {
    r.userKnownHostsFiles = o.userknownhostsfile.split(/\s+/).filter(Boolean);
  }
  if (o.stricthostkeychecking) r.strictHostKeyChecking = strictValue(o.stricthostkeychecking);
  if (o.connecttimeout && /^\d+$/.test(o.connecttimeout)) r.connectTimeoutMs = Number(o.connecttimeout) * 1000;
  return r;
}

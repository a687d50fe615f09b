/**
 * The variables the template module adds for the template it renders, as Ansible's
 * generate_ansible_template_vars (ansible/template/__init__.py): template_host, template_path (src as
 * written), template_fullpath (the file found), template_destpath, template_uid (the file owner's
 * name), template_mtime and template_run_date (str() of Python datetimes, local time) and
 * ansible_managed ("Ansible managed": Ansible sets it over any variable of that name).
 */
import { settings } from '../../config/index.js';
import { strftime } from '../../template/now.js';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import { pyDatetime } from '../../template/index.js';

/** The user name of a uid from passwd text (name:x:uid:...), or undefined. */
export function passwdName(passwd: string, uid: number): string | undefined {
  for (const line of passwd.split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && Number(f[2]) === uid && f[2] !== '') return f[0];
  }
  return undefined;
}

export interface TemplateFileFacts {
  /** src as the task wrote it. */
  src: string;
  /** The template file found (absolute). */
  fullpath: string;
  dest: string;
  uid: number;
  /** Modification time in nanoseconds. */
  mtimeNs: bigint;
  host: string;
  owner?: string;
  now: Date;
}

/**
 * ansible_managed as Ansible's generate_ansible_template_vars makes it: the ansible_managed setting
 * (default "Ansible managed") with {host}, {uid} and {file} filled in, then strftime'd with the
 * template's modification time.
 */
function managedString(f: TemplateFileFacts, mtime: Date): string {
  const fields: Record<string, string> = { host: f.host, uid: f.owner ?? String(f.uid), file: f.src };
  const text = settings().get<string>('DEFAULT_MANAGED_STR').replace(/\{(host|uid|file)\}/g, (_, k: string) => fields[k]);
  return text.includes('%') ? strftime(text, mtime, false, 0) : text;
}

export function templateVars(f: TemplateFileFacts): Record<string, unknown> {
  const ms = Number(f.mtimeNs / 1000000n);
  const micro = Number((f.mtimeNs / 1000n) % 1000000n);
  return {
    template_host: f.host,
    template_path: f.src,
    template_mtime: pyDatetime(new Date(ms), micro),
    template_uid: f.owner ?? String(f.uid),
    template_run_date: pyDatetime(f.now, f.now.getMilliseconds() * 1000),
    template_destpath: f.dest || null,
    template_fullpath: f.fullpath,
    ansible_managed: managedString(f, new Date(ms)),
  };
}

/** templateVars of a controller file. */
export async function readTemplateVars(src: string, fullpath: string, dest: string): Promise<Record<string, unknown>> {
  const st = await fs.stat(fullpath, { bigint: true });
  const uid = Number(st.uid);
  let owner: string | undefined;
  try {
    owner = passwdName(await fs.readFile('/etc/passwd', 'utf8'), uid);
  } catch {
    owner = undefined;
  }
  return templateVars({ src, fullpath, dest, uid, owner, mtimeNs: st.mtimeNs, host: os.hostname(), now: new Date() });
}

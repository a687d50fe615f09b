/**
 * user: local accounts with Ansible's arguments and result fields. ONE round trip reads the passwd
 * and shadow entries, `id -Gn` and the named groups; the decision is pure (user-decide.ts); the change
 * is one script: useradd/usermod/userdel with every argument quoted, the password hash fed to
 * `chpasswd -e` on stdin (never in argv), and the entry read back for the result.
 */
import { z } from 'zod';
import { defineModule, type ModuleResult } from '../types.js';
import { quote, sh } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { dictDiff } from '../kit/diff.js';
import { accountName, idArg } from './args.js';
import { accountProbeScript, parseAccountProbe, parsePasswd } from './accounts.js';
import { decideUser, looksHashed, type UserWant } from './user-decide.js';
import { keygenNeeded, readSshKey, sshKeygenScript, sshKeyFields, sshKeyPath } from './user-ssh-key.js';
import { sectionMark, sections } from '../../util/sections.js';
import { absPath, accountRef, boolish, builtinAliases, numberish, renameAliases } from '../kit/args.js';

const groupsList = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? [] : v.split(',').map((s) => s.trim())) : v),
  z.array(accountRef, { invalid_type_error: 'expected a list of groups or a comma-separated string' }),
);

const text = z.string().regex(/^[^\0\n:]*$/, 'cannot contain a colon, a newline or a NUL byte');

export const userSchema = z.preprocess(
  renameAliases({ name: ['user'], create_home: ['createhome'] }),
  z
    .object({
      name: accountName,
      state: z.enum(['present', 'absent']).default('present'),
      uid: idArg.optional(),
      non_unique: boolish.default(false),
      group: accountRef.optional(),
      groups: groupsList.optional(),
      append: boolish.default(false),
      shell: text.optional(),
      home: absPath.optional(),
      skeleton: absPath.optional(),
      create_home: boolish.default(true),
      move_home: boolish.default(false),
      system: boolish.default(false),
      comment: text.optional(),
      password: text.optional(),
      update_password: z.enum(['always', 'on_create']).default('always'),
      password_lock: boolish.optional(),
      remove: boolish.default(false),
      force: boolish.default(false),
      expires: numberish.optional(),
      password_expire_min: z.coerce.number().int().optional(),
      password_expire_max: z.coerce.number().int().optional(),
      umask: z.string().regex(/^[0-7]{1,4}$/, 'expected an octal umask such as 077').optional(),
      local: boolish.optional(),
      ...sshKeyFields,
    })
    .strict(),
);

/**
 * A missing home created as Ansible's create_homedir/chown_homedir: a copy of the skeleton (or an
 * empty directory), its mode from login.defs' UMASK, owned (all of it) by the user and its group.
 */
export function createHomeScript(home: string, name: string, skeleton = '/etc/skel'): string {
  return [
    sh`{ [ -e ${home} ] || { mkdir -p -- "$(dirname -- ${home})" && if [ -e ${skeleton} ]; then cp -a -- ${skeleton} ${home}; else mkdir -- ${home}; fi; }; }`,
    String.raw`_m=$(sed -n 's/^UMASK[[:space:]]\{1,\}\([0-9]\{1,\}\)$/\1/p' /etc/login.defs 2>/dev/null | tail -n 1)`,
    sh`{ [ -z "$_m" ] || chmod "$(printf '%o' $((0777 & ~0$_m)))" ${home}; }`,
    sh`chown -R -- "$(getent passwd -- ${name} | cut -d: -f3,4)" ${home}`,
  ].join(' && ');
}

/** The change script: the command, then chpasswd reading "name:hash" from stdin, the home, chage, then the entry. */
export function userApplyScript(argv: string[] | undefined, name: string, setPassword: boolean, more: { createHome?: string; skeleton?: string; chage?: string[]; after?: string[][] } = {}): string {
  const steps: string[] = [];
  if (argv) steps.push(argv.map((w) => quote(w)).join(' '));
  if (setPassword) steps.push('chpasswd -e');
  if (more.createHome !== undefined) steps.push(createHomeScript(more.createHome, name, more.skeleton));
  if (more.chage) steps.push(more.chage.map((w) => quote(w)).join(' '));
  for (const argv of more.after ?? []) steps.push(argv.map((w) => quote(w)).join(' '));
  return `${steps.join(' && ')}\n_rc=$?\n${sectionMark('after')}\ngetent passwd -- ${quote(name)} || true\nexit "$_rc"\n`;
}

export const userModule = defineModule({
  name: 'user',
  aliases: builtinAliases('user'),
  schema: userSchema,
  secretArgs: ['password', 'ssh_key_passphrase'],
  async plan(args, ctx) {
    const want: UserWant = { ...args };
    // the user's own name too: a group of that name changes how the account is made (useradd -N)
    const groupNames = [...new Set([...(args.group !== undefined ? [args.group] : []), ...(args.groups ?? []), args.name].filter(Boolean))];
    if (args.append && args.groups === undefined)
      ctx.warn("'append' is set, but no 'groups' are specified. Use 'groups' for appending new groups.This will change to an error in Ansible 2.14.");
    if (args.umask !== undefined && args.local) throw new ModuleFailure("'umask' can not be used with 'local'", { changed: false });
    const r = await ctx.exec(accountProbeScript(args.name, groupNames, args.home));
    if (r.rc !== 0) throw new ModuleFailure(`could not read the account ${args.name}: ${r.stderr.trim()}`, { rc: r.rc });
    const p = parseAccountProbe(r.stdout);
    if (args.local && !p.passwd)
      ctx.warn(`'local: true' specified and user '${args.name}' was not found in /etc/passwd. The local user account may already exist if the local account database exists somewhere other than /etc/passwd.`);
    if (args.password !== undefined && !looksHashed(args.password)) {
      ctx.warn('The input password appears not to have been hashed. The \'password\' argument must be encrypted for this module to work properly.');
    }
    const d = decideUser(want, p);
    const base: ModuleResult = { name: args.name, state: args.state };
    if (args.state === 'absent') Object.assign(base, { force: args.force, remove: args.remove });
    if (d.fail) throw new ModuleFailure(d.fail, { ...base, changed: false });
    const fromEntry = (e = p.passwd) => (e ? { uid: e.uid, group: e.gid, comment: e.comment, home: e.home, shell: e.shell } : {});
    const result: ModuleResult = { ...base, changed: d.changed };
    if (args.state === 'present') {
      Object.assign(result, fromEntry(), { append: args.append, move_home: args.move_home });
      if (args.groups !== undefined) result.groups = args.groups.join(',');
      if (!p.passwd) Object.assign(result, { system: args.system, create_home: args.create_home });
      if (args.password !== undefined) result.password = 'NOT_LOGGING_PASSWORD';
    }
    // generate_ssh_key: the key of the user's home (as it will be), made after the account change
    const keyPath = args.generate_ssh_key && args.state === 'present' ? sshKeyPath(args.ssh_key_file, args.home ?? p.passwd?.home ?? `/home/${args.name}`) : undefined;
    const key = keyPath !== undefined ? await readSshKey(ctx, keyPath) : undefined;
    const keygen = key !== undefined && keygenNeeded(args, key.keyExists, key.pubExists);
    if (key) Object.assign(result, key.result);
    const makeKey = async () => {
      if (!keygen || keyPath === undefined) return {};
      const g = await ctx.exec(sshKeygenScript(args, keyPath), { stdin: args.ssh_key_passphrase ?? '' });
      if (g.rc !== 0) throw new ModuleFailure(g.stderr.trim() || `ssh-keygen failed (rc ${g.rc})`, { ...result, rc: g.rc });
      return { changed: true, ...(await readSshKey(ctx, keyPath)).result };
    };
    if (!d.changed && !keygen) return { changed: false, result };
    if (!d.changed) return { changed: true, result: { ...result, changed: true }, apply: makeKey };
    const before = Object.fromEntries(Object.entries(d.changes).map(([k, v]) => [k, v[0]]));
    const after = Object.fromEntries(Object.entries(d.changes).map(([k, v]) => [k, v[1]]));
    const diff = dictDiff({ name: args.name, ...before }, { name: args.name, ...after }, { before: `user ${args.name}`, after: `user ${args.name}` });
    return {
      changed: true,
      diff,
      result,
      apply: async () => {
        const stdin = d.setPassword ? `${args.name}:${d.passwordHash}\n` : undefined;
        const more = { ...(d.createHome !== undefined ? { createHome: d.createHome, skeleton: args.skeleton } : {}), ...(d.chage ? { chage: d.chage } : {}), ...(d.after ? { after: d.after } : {}) };
        const x = await ctx.exec(userApplyScript(d.argv, args.name, d.setPassword, more), stdin ? { stdin } : {});
        const s = sections(x.stdout);
        if (x.rc !== 0) {
          const what = d.argv ? d.argv[0] : d.setPassword ? 'chpasswd' : d.createHome !== undefined ? 'creating the home directory' : 'chage';
          throw new ModuleFailure(`${what} failed: ${x.stderr.trim() || `rc ${x.rc}`}`, { ...result, rc: x.rc, stderr: x.stderr });
        }
        const e = (s.after ?? '').split('\n').map(parsePasswd).find(Boolean);
        return args.state === 'present' ? { ...fromEntry(e), ...(await makeKey()) } : {};
      },
    };
  },
});

/**
 * authorized_key (ansible.posix.authorized_key): SSH keys in a user's authorized_keys. ONE round trip
 * reads the user's entry, resolves the file (default ~USER/.ssh/authorized_keys), and reads the
 * directory, the file's attributes and its content; the edit is pure (authorized-key-decide.ts); the
 * file is written atomically with mode 0600 and the user's ownership, .ssh created 0700 when missing.
 */
import * as path from 'node:path';
import { z } from 'zod';
import { defineModule } from '../types.js';
import { raw, sh } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { contentDiff } from '../kit/diff.js';
import { accountName } from './args.js';
import { parsePasswd } from './accounts.js';
import { editAuthorizedKeys, KeyError, wantedKeys } from './authorized-key-decide.js';
import { sectionMark, sections } from '../../util/sections.js';
import { boolish } from '../kit/args.js';
import { run } from '../kit/run.js';

export const authorizedKeySchema = z
  .object({
    user: accountName,
    key: z.string().min(1, 'key is empty').regex(/^[^\0]*$/),
    path: z.string().regex(/^(?:\/|~\/)[^\0\n]*$/, 'path must be absolute (or start with ~/ for the user\'s home)').optional(),
    manage_dir: boolish.default(true),
    state: z.enum(['present', 'absent']).default('present'),
    key_options: z.string().regex(/^[^\n\0]*$/, 'key_options cannot contain a newline').optional(),
    exclusive: boolish.default(false),
    validate_certs: boolish.default(true),
    comment: z.string().regex(/^[^\n\0]*$/, 'comment cannot contain a newline').optional(),
    follow: boolish.default(false),
  })
  .strict()
  .superRefine((a, c) => {
    if (/^(https?|ftp):\/\//.test(a.key.trim())) c.addIssue({ code: 'custom', path: ['key'], message: 'key: URLs are not supported; give the key text (e.g. with a lookup)' });
    else {
      try {
        wantedKeys(a.key);
      } catch (e) {
        if (e instanceof KeyError) c.addIssue({ code: 'custom', path: ['key'], message: e.message });
        else throw e;
      }
    }
  });

/** One script: the user's entry, the keys file's real path, its directory's and its own state, its content. */
export function authorizedKeyProbe(user: string, file: string | undefined, follow: boolean): string {
  const f = file === undefined ? raw('"$_h/.ssh/authorized_keys"') : file.startsWith('~/') ? raw(`"$_h"/${sh`${file.slice(2)}`}`) : file;
  return [
    sectionMark('passwd'),
    sh`getent passwd -- ${user} || true`,
    sectionMark('group'),
    sh`_g=$(getent passwd -- ${user} | cut -d: -f4); if [ -n "$_g" ]; then getent group "$_g" | cut -d: -f1; fi`,
    sh`_h=$(getent passwd -- ${user} | cut -d: -f6); _f=${f}`,
    follow ? 'if [ -L "$_f" ]; then _f=$(readlink -f -- "$_f"); fi' : ':',
    sectionMark('path'),
    'printf \'%s\\n\' "$_f"',
    sectionMark('dir'),
    'stat -c \'%a %u %g\' -- "$(dirname -- "$_f")" 2>/dev/null || echo absent',
    sectionMark('file'),
    'if [ -f "$_f" ]; then stat -c \'%a %u %g\' -- "$_f"; else echo absent; fi',
    sectionMark('content'),
    'if [ -f "$_f" ]; then base64 -w0 < "$_f"; echo; fi',
  ].join('\n') + '\n';
}

export const authorizedKeyModule = defineModule({
  name: 'authorized_key',
  aliases: ['ansible.posix.authorized_key', 'ansible.builtin.authorized_key', 'ansible.legacy.authorized_key'],
  schema: authorizedKeySchema,
  async plan(args, ctx) {
    const r = await ctx.exec(authorizedKeyProbe(args.user, args.path, args.follow));
    const s = sections(r.stdout);
    const pw = (s.passwd ?? '').split('\n').map(parsePasswd).find(Boolean);
    if (!pw) throw new ModuleFailure(`Failed to lookup user ${args.user}: no such user`);
    const group = (s.group ?? '').trim() || String(pw.gid);
    const keyfile = (s.path ?? '').trim();
    if (!keyfile.startsWith('/')) throw new ModuleFailure(`cannot resolve the keys file of ${args.user}: ${r.stderr.trim()}`);
    const dirExists = (s.dir ?? 'absent').trim() !== 'absent';
    const fileExists = (s.file ?? 'absent').trim() !== 'absent';
    const before = fileExists ? Buffer.from((s.content ?? '').trim(), 'base64').toString('utf8') : '';
    const keys = wantedKeys(args.key, args.key_options, args.comment);
    const after = editAuthorizedKeys(before, keys, args.state, args.exclusive);
    const changed = after !== before && !(args.state === 'absent' && !fileExists);
    const result = {
      changed,
      user: args.user,
      key: args.key,
      key_options: args.key_options ?? null,
      path: args.path ?? null,
      state: args.state,
      exclusive: args.exclusive,
      manage_dir: args.manage_dir,
      follow: args.follow,
      comment: args.comment ?? null,
      validate_certs: args.validate_certs,
      keyfile,
    };
    if (!changed) return { changed: false, result };
    const dir = path.posix.dirname(keyfile);
    if (!dirExists && !args.manage_dir) throw new ModuleFailure(`${dir} does not exist and manage_dir is false`, { ...result, changed: false });
    const mode = fileExists ? (s.file ?? '').trim().split(' ')[0].padStart(4, '0') : '0600';
    return {
      changed: true,
      diff: contentDiff(keyfile, fileExists ? Buffer.from(before) : undefined, Buffer.from(after)),
      result,
      apply: async () => {
        if (!dirExists) await run(ctx, sh`mkdir -p -m 0700 -- ${dir} && chown ${`${args.user}:${group}`} ${dir}`, `could not create ${dir}`);
        await ctx.put(keyfile, after, { mode: fileExists ? mode : '0600', owner: args.user, group });
      },
    };
  },
});

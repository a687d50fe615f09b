/**
 * The user module's generate_ssh_key, as Ansible's ssh_key_gen / ssh_key_fingerprint: the key file
 * (relative paths under the user's home, default .ssh/id_rsa), made with ssh-keygen when it is not
 * there (or, with force, over it: not over a key with a passphrase, as Ansible's pty dialogue
 * declines), its directory created 0700, both files owned by the user; the result carries
 * ssh_fingerprint, ssh_key_file and ssh_public_key. The passphrase goes on stdin, never in a script or
 * an argument: ssh-keygen asks a one-off askpass helper (SSH_ASKPASS_REQUIRE=force) that prints it.
 */
import * as path from 'node:path';
import { z } from 'zod';
import { sh } from '../../util/quote.js';
import { sectionMark, sections } from '../../util/sections.js';
import { boolish, shellString } from '../kit/args.js';
import type { ModuleContext } from '../types.js';

export const sshKeyFields = {
  generate_ssh_key: boolish.optional(),
  ssh_key_bits: z.coerce.number().int().default(0),
  ssh_key_type: shellString.default('rsa'),
  ssh_key_file: shellString.optional(),
  ssh_key_comment: shellString.optional(),
  ssh_key_passphrase: z.string().optional(),
};

export interface SshKeyArgs {
  name: string;
  force: boolean;
  ssh_key_bits: number;
  ssh_key_type: string;
  ssh_key_file?: string;
  ssh_key_comment?: string;
  ssh_key_passphrase?: string;
}

/** The key's path: absolute as given, else under the home. */
export function sshKeyPath(file: string | undefined, home: string): string {
  const f = file ?? '.ssh/id_rsa';
  return path.posix.isAbsolute(f) ? f : path.posix.join(home, f);
}

/** Whether ssh-keygen runs, given what exists (Ansible's ssh_key_gen decisions). */
export function keygenNeeded(a: Pick<SshKeyArgs, 'force' | 'ssh_key_passphrase'>, keyExists: boolean, pubExists: boolean): boolean {
  if (keyExists && (!a.force || a.ssh_key_passphrase !== undefined)) return false;
  return !pubExists || a.force;
}

/** Shell text: the key and .pub exist?, then the fingerprint and the public key. */
export function sshKeyReadScript(key: string): string {
  return [
    sectionMark('exists'), sh`if [ -e ${key} ]; then echo key; fi; if [ -e ${key + '.pub'} ]; then echo pub; fi`,
    sectionMark('fingerprint'), sh`ssh-keygen -l -f ${key} 2>&1 || true`,
    sectionMark('pub'), sh`cat -- ${key + '.pub'} 2>/dev/null || true`,
  ].join('\n') + '\n';
}

/** Shell text making the key (the passphrase, possibly empty, is the script's stdin). */
export function sshKeygenScript(a: SshKeyArgs, key: string): string {
  const dir = path.posix.dirname(key);
  const bits = a.ssh_key_bits > 0 ? ['-b', String(a.ssh_key_bits)] : [];
  const comment = a.ssh_key_comment !== undefined ? sh`${a.ssh_key_comment}` : '"ansible-generated on $(uname -n)"';
  return [
    sh`_ids=$(getent passwd -- ${a.name} | cut -d: -f3,4)`,
    sh`if [ ! -e ${dir} ]; then mkdir -m 0700 -- ${dir} && chown -- "$_ids" ${dir} || exit 1; fi`,
    sh`rm -f -- ${key} ${key + '.pub'}`,
    // the passphrase reaches ssh-keygen through an askpass helper reading the environment, never its arguments
    '_MX_PP=$(cat); export _MX_PP',
    '_ask=$(mktemp) || exit 1',
    `trap 'rm -f "$_ask"' EXIT`,
    `printf '#!/bin/sh\\nprintf "%%s\\\\n" "$_MX_PP"\\n' > "$_ask" && chmod 700 "$_ask" || exit 1`,
    `${sh`SSH_ASKPASS="$_ask" SSH_ASKPASS_REQUIRE=force ssh-keygen -q -t ${a.ssh_key_type} ${bits} -C`} ${comment} ${sh`-f ${key} </dev/null || exit $?`}`,
    sh`chown -- "$_ids" ${key} ${key + '.pub'}`,
  ].join('\n') + '\n';
}

export interface SshKeyState {
  keyExists: boolean;
  pubExists: boolean;
  result: Record<string, unknown>;
}

export async function readSshKey(ctx: ModuleContext, key: string): Promise<SshKeyState> {
  const r = await ctx.exec(sshKeyReadScript(key));
  const s = sections(r.stdout);
  const ex = (s.exists ?? '').split('\n').map((l) => l.trim());
  return {
    keyExists: ex.includes('key'),
    pubExists: ex.includes('pub'),
    result: { ssh_fingerprint: (s.fingerprint ?? '').trim(), ssh_key_file: key, ssh_public_key: (s.pub ?? '').trim() },
  };
}

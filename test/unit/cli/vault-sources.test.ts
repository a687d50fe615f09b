/**
 * Vault passwords gathered as Ansible's CLI gathers them: the order of the sources (identity list,
 * --vault-id, password files, the configured file, the prompt), password files (blanks around the
 * password dropped, vaulted ones opened with an earlier password), scripts and -client scripts (run
 * with --vault-id LABEL), prompts (asked twice for a new password), and the errors of each.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vaultSettingsOf, vaultSlugs } from '../../../src/cli/vault-options.js';
import { loadSettings } from '../../../src/config/index.js';
import { loadVaultSecrets, splitVaultId, VaultPasswordError } from '../../../src/cli/vault-sources.js';
import { encryptVault } from '../../../src/vault/index.js';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'vault-src-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function file(name: string, content: string, mode = 0o600): Promise<string> {
  const f = path.join(tmp, name);
  await fs.writeFile(f, content, { mode });
  await fs.chmod(f, mode);
  return f;
}

/** The secrets as [id, password] pairs, with the warnings given. */
async function load(slugs: string[], opts: { answers?: string[]; create?: boolean } = {}) {
  const warnings: string[] = [];
  const asked: string[] = [];
  const answers = [...(opts.answers ?? [])];
  const secrets = await loadVaultSecrets(slugs, {
    defaultId: 'default',
    create: opts.create,
    warn: (m) => warnings.push(m.split(tmp).join('TMP')),
    prompt: async (q) => {
      asked.push(q);
      return answers.shift() ?? '';
    },
  });
  return { secrets: secrets.map((s) => [s.id, s.password.toString()]), warnings, asked };
}

describe('the order of the vault password sources', () => {
  const base = { identityList: [], askVaultPass: false, identity: 'default', idMatch: false };
  it.each([
    { o: { vaultId: ['dev@a'], vaultPasswordFile: ['b'] }, s: {}, slugs: ['dev@a', 'default@b'] },
    { o: { vaultId: ['x@prompt'], vaultPasswordFile: [], vaultPassFile: ['c'] }, s: { identityList: ['ops@d'], passwordFile: 'e' }, slugs: ['ops@d', 'x@prompt', 'default@c', 'default@e'] },
    { o: { vaultId: [], vaultPasswordFile: ['b'], askVaultPass: true }, s: { identity: 'mine' }, slugs: ['mine@b', 'mine@prompt_ask_vault_pass'] },
    { o: { vaultId: [], vaultPasswordFile: [], askVaultPassword: true }, s: {}, slugs: ['default@prompt_ask_vault_pass'] },
    { o: { vaultId: [], vaultPasswordFile: [] }, s: { askVaultPass: true }, slugs: ['default@prompt_ask_vault_pass'] },
    { o: { vaultId: [], vaultPasswordFile: [] }, s: {}, slugs: [] },
  ])('$slugs', ({ o, s, slugs }) => {
    expect(vaultSlugs(o, { ...base, ...s })).toEqual(slugs);
  });

  it('a vault command asks when no password source is given', () => {
    expect(vaultSlugs({ vaultId: [], vaultPasswordFile: [] }, base, { autoPrompt: true })).toEqual(['default@prompt_ask_vault_pass']);
  });

  it('reads the settings from the environment as Ansible names them', () => {
    const home = '/nonexistent-home';
    const fromEnv = (env: NodeJS.ProcessEnv) => vaultSettingsOf(loadSettings({ env, home, cwd: '/' }));
    expect(
      fromEnv({
        ANSIBLE_VAULT_IDENTITY_LIST: 'dev@a, prod@b,',
        ANSIBLE_VAULT_PASSWORD_FILE: '~/.vault_pass',
        ANSIBLE_ASK_VAULT_PASS: 'yes',
        ANSIBLE_VAULT_IDENTITY: 'mine',
        ANSIBLE_VAULT_ID_MATCH: 'True',
        ANSIBLE_VAULT_ENCRYPT_IDENTITY: 'prod',
      }),
    ).toEqual({ identityList: ['dev@a', 'prod@b'], passwordFile: `${home}/.vault_pass`, askVaultPass: true, identity: 'mine', idMatch: true, encryptIdentity: 'prod' });
    expect(fromEnv({})).toEqual({ identityList: [], askVaultPass: false, identity: 'default', idMatch: false });
  });

  it.each([
    { slug: 'dev@/x/pw', label: 'dev', source: '/x/pw' },
    { slug: '/x/pw', label: undefined, source: '/x/pw' },
    { slug: 'a@b@c', label: 'a', source: 'b@c' },
  ])('splits $slug', ({ slug, label, source }) => {
    expect(splitVaultId(slug)).toEqual(label === undefined ? { source } : { label, source });
  });
});

describe('password files and scripts', () => {
  it('a file: blanks around the password dropped, under the label or the default id', async () => {
    const f = await file('pw', '  \tmy pass word \n\n');
    expect((await load([`default@${f}`, `dev@${f}`])).secrets).toEqual([
      ['default', 'my pass word'],
      ['dev', 'my pass word'],
    ]);
  });

  it('a vaulted password file opens with a password given before it', async () => {
    const outer = await file('outer', 'outer-pw\n');
    const inner = await file('inner', encryptVault('inner-pw\n', { id: 'default', password: Buffer.from('outer-pw') }));
    expect((await load([`default@${outer}`, `dev@${inner}`])).secrets).toEqual([
      ['default', 'outer-pw'],
      ['dev', 'inner-pw'],
    ]);
  });

  it('an executable prints the password (CR/LF around it dropped)', async () => {
    const script = await file('pass.sh', "#!/bin/sh\nprintf '\\r\\n script pw \\n'\n", 0o700);
    expect((await load([`ops@${script}`])).secrets).toEqual([['ops', ' script pw ']]);
  });

  it('a -client script is run with --vault-id LABEL; exit 2 means it has no secret for it', async () => {
    const client = await file('vault-client.sh', '#!/bin/sh\n[ "$1" = --vault-id ] || exit 9\n[ "$2" = prod ] || { echo "no $2" >&2; exit 2; }\necho client-pw-$2\n', 0o700);
    expect((await load([`prod@${client}`])).secrets).toEqual([['prod', 'client-pw-prod']]);
    const other = await load([`dev@${client}`, `prod@${client}`]);
    expect(other.secrets).toEqual([['prod', 'client-pw-prod']]);
    expect(other.warnings).toEqual([`Error getting vault password file (dev): Vault password client script TMP/vault-client.sh did not find a secret for vault-id=dev: no dev`]);
  });

  it.each([
    { what: 'a missing file', make: async () => path.join(tmp, 'none'), error: 'The vault password file TMP/none was not found' },
    { what: 'an empty file', make: () => file('empty', ' \n'), error: 'Invalid vault password was provided from file (TMP/empty)' },
    { what: 'a failing script', make: () => file('fail.sh', '#!/bin/sh\nexit 3\n', 0o700), error: 'Vault password script TMP/fail.sh returned non-zero (3)' },
    { what: 'a script printing nothing', make: () => file('quiet.sh', '#!/bin/sh\necho\n', 0o700), error: 'Invalid vault password was provided from script (TMP/quiet.sh)' },
    {
      what: 'an executable that cannot be run (a directory)',
      make: async () => {
        await fs.mkdir(path.join(tmp, 'dir'), { mode: 0o755 });
        return path.join(tmp, 'dir');
      },
      error: 'Problem running vault password script TMP/dir',
    },
  ])('$what is an error (exit 1) when no other source gives a password', async ({ make, error }) => {
    const f = await make();
    let thrown: unknown;
    try {
      await load([`default@${f}`]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(VaultPasswordError);
    expect((thrown as VaultPasswordError).exitCode).toBe(1);
    expect((thrown as Error).message.split(tmp).join('TMP')).toContain(error);
  });

  it('a source that fails is a warning while another one gives a password', async () => {
    const good = await file('good', 'good-pw\n');
    const r = await load([`a@${path.join(tmp, 'none')}`, `b@${good}`]);
    expect(r.secrets).toEqual([['b', 'good-pw']]);
    expect(r.warnings).toEqual(['Error getting vault password file (a): The vault password file TMP/none was not found']);
  });
});

describe('prompts', () => {
  it.each([
    { slug: 'default@prompt_ask_vault_pass', create: false, answers: [' pw '], asked: ['Vault password: '] },
    { slug: 'dev@prompt', create: false, answers: ['pw'], asked: ['Vault password (dev): '] },
    { slug: 'default@prompt_ask_vault_pass', create: true, answers: ['pw', 'pw'], asked: ['New Vault password: ', 'Confirm New Vault password: '] },
    { slug: 'dev@prompt', create: true, answers: ['pw', 'pw'], asked: ['New vault password (dev): ', 'Confirm new vault password (dev): '] },
  ])('$slug (new: $create) asks $asked', async ({ slug, create, answers, asked }) => {
    const r = await load([slug], { answers, create });
    expect(r.asked).toEqual(asked);
    expect(r.secrets).toEqual([[slug.split('@')[0], 'pw']]);
  });

  it.each([
    { answers: [''], create: false, error: 'Invalid vault password was provided' },
    { answers: ['a', 'b'], create: true, error: 'Passwords do not match' },
  ])('refuses $error', async ({ answers, create, error }) => {
    await expect(load(['dev@prompt'], { answers, create })).rejects.toThrow(error);
  });
});

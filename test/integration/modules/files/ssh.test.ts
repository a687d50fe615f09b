/**
 * The file modules over a real OpenSSH sshd, as a non-root user with sudo (password) become: the
 * probe's stdin (digests) follows the become password, put/chown go through sudo, and a re-run
 * plans no change. Skips where sshd cannot run (not root, no openssh-server).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sh } from '../../../../src/util/quote.js';
import type { Ssh2Connection } from '../../../../src/transport/ssh.js';
import type { BecomeSpec } from '../../../../src/transport/types.js';
import type { PlanModuleDef, ModuleResult } from '../../../../src/modules/types.js';
import { copyModule } from '../../../../src/modules/files/copy.js';
import { fileModule } from '../../../../src/modules/files/file.js';
import { lineinfileModule } from '../../../../src/modules/files/lineinfile.js';
import { statModule } from '../../../../src/modules/files/stat.js';
import { slurpModule } from '../../../../src/modules/files/slurp.js';
import { moduleContext } from '../../../helpers/module-context.js';
import { skipReason, startSshd, type Sshd } from '../../sshd.js';
import { connect } from '../../transport/helpers.js';

const reason = skipReason();
const PW = `pw-${randomBytes(4).toString('hex')}`;

describe.skipIf(!!reason)(`file modules over ssh with sudo become${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let sshd: Sshd;
  let root: Ssh2Connection;
  let user: Ssh2Connection;
  let dir: string;
  const uname = `mtfmod${process.pid % 10000}`;
  const become: BecomeSpec = { user: 'root', password: PW };

  async function run(mod: PlanModuleDef, args: Record<string, unknown>, opts: { check?: boolean; become?: boolean } = {}) {
    const base = moduleContext(user, { check: opts.check });
    const b = opts.become === false ? null : become;
    const ctx = {
      ...base,
      become: b,
      exec: (c: string, o?: Parameters<typeof user.exec>[1]) => user.exec(c, { ...o, become: b }),
      put: (d: string, c: Buffer | string, o?: Parameters<typeof user.put>[2]) => user.put(d, c, { ...o, become: b }),
      get: (p: string, o?: Parameters<typeof user.get>[1]) => user.get(p, { ...o, become: b }),
    };
    const plan = await mod.plan(mod.schema.parse(args), ctx);
    let result: ModuleResult = { ...(plan.result ?? {}) };
    if (plan.changed && !ctx.check && plan.apply) result = { ...result, ...((await plan.apply()) ?? {}) };
    return { changed: plan.changed, result, diff: plan.diff };
  }

  beforeAll(async () => {
    sshd = await startSshd();
    await sshd.addUser(uname, { password: PW, sudo: true });
    root = connect(sshd);
    user = connect(sshd, { user: uname });
    dir = (await root.exec('mktemp -d /tmp/machinist-fmod-XXXXXX')).stdout.trim();
    await root.exec(sh`chmod 700 ${dir}`);
  });
  afterAll(async () => {
    if (dir) await root?.exec(sh`rm -rf ${dir}`).catch(() => undefined);
    await root?.close();
    await user?.close();
    await sshd?.stop();
  });

  it('copy into a root-only directory with owner and mode, then unchanged; --diff shows the old content', async () => {
    const dest = `${dir}/app.conf`;
    const r = await run(copyModule, { content: 'secret=1\n', dest, owner: uname, mode: '0600' });
    expect(r.changed).toBe(true);
    const st = await root.exec(sh`stat -c '%U %a' ${dest}; cat ${dest}`);
    expect(st.stdout).toBe(`${uname} 600\nsecret=1\n`);
    const again = await run(copyModule, { content: 'secret=1\n', dest, owner: uname, mode: '0600' });
    expect(again.changed).toBe(false);
    const diffRun = await run(copyModule, { content: 'secret=2\n', dest, owner: uname, mode: '0600' }, { check: true });
    expect(diffRun.changed).toBe(true);
    expect(Array.isArray(diffRun.diff) ? diffRun.diff[0].before : '').toBe('secret=1\n');
  });

  it('without become the same directory cannot be read: a clear failure, nothing changed', async () => {
    await expect(run(copyModule, { content: 'x\n', dest: `${dir}/nope.conf` }, { become: false })).rejects.toThrow();
    expect((await root.exec(sh`test -e ${dir}/nope.conf`)).rc).not.toBe(0);
  });

  it('lineinfile, file and stat/slurp through sudo', async () => {
    const f = `${dir}/hosts`;
    expect((await run(lineinfileModule, { path: f, line: '10.0.0.1 a', create: true })).changed).toBe(true);
    expect((await run(lineinfileModule, { path: f, line: '10.0.0.1 a', create: true })).changed).toBe(false);
    const d = await run(fileModule, { path: `${dir}/sub/deeper`, state: 'directory', mode: '0750' });
    expect(d.changed).toBe(true);
    expect((await run(fileModule, { path: `${dir}/sub/deeper`, state: 'directory', mode: '0750' })).changed).toBe(false);
    const s = await run(statModule, { path: f });
    expect(s.result.stat).toMatchObject({ exists: true, isreg: true, pw_name: 'root', mode: '0644' });
    const sl = await run(slurpModule, { src: f });
    expect(Buffer.from(sl.result.content as string, 'base64').toString()).toBe('10.0.0.1 a\n');
  });
});

/**
 * remote_user over a real OpenSSH sshd: the keyword (play, block, task, import) picks the ssh user
 * when the host's variables name none; a host's ansible_user wins over it, as Ansible's play context.
 * Skips where sshd cannot run (not root, no openssh-server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason, startSshd, type Sshd } from '../sshd.js';
import { cleanup, play } from './harness.js';

const reason = skipReason();

describe.skipIf(!!reason)(`remote_user over ssh${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let sshd: Sshd;
  const u1 = `mtru1${process.pid % 10000}`;
  const u2 = `mtru2${process.pid % 10000}`;
  const inventory = () => `
all:
  vars:
    ansible_host: ${sshd.host}
    ansible_port: ${sshd.port}
    ansible_ssh_private_key_file: ${sshd.clientKeyPath}
  hosts:
    free: {}
    fixed: {ansible_user: ${u2}}
`;

  beforeAll(async () => {
    sshd = await startSshd();
    await sshd.addUser(u1);
    await sshd.addUser(u2);
  });
  afterAll(async () => {
    cleanup();
    await sshd?.stop();
  });

  it.each([
    // [where the keyword is, the user 'free' connects as, the user 'fixed' (ansible_user) connects as]
    ['nowhere', '', '', 'root', 'u2'],
    ['the task', '', `remote_user: U1`, 'u1', 'u2'],
    ['the play', `remote_user: U1`, '', 'u1', 'u2'],
    ['the play, a template', `remote_user: "{{ who }}"`, '', 'u1', 'u2'],
  ])('on %s', async (_where, onPlay, onTask, free, fixed) => {
    const names: Record<string, string> = { root: 'root', u1, u2 };
    const r = await play(`
- hosts: all
  gather_facts: false
  vars: {who: ${u1}}
  ${onPlay.replace('U1', u1)}
  tasks:
    - name: whoami
      command: id -un
      ${onTask.replace('U1', u1)}
`, { inventory: inventory() });
    const by = Object.fromEntries(r.results('whoami').map((e) => [e.host, String(e.result.stdout)]));
    expect(by).toEqual({ free: names[free], fixed: names[fixed] });
  });

  it('a block and an import_tasks carry it to their tasks; the connections of two users stay apart', async () => {
    const r = await play(`
- hosts: free
  gather_facts: false
  tasks:
    - block:
        - name: in block
          command: id -un
      remote_user: ${u1}
    - import_tasks: inner.yml
      remote_user: ${u2}
    - name: after
      command: id -un
`, { inventory: inventory(), files: { 'inner.yml': '- name: imported\n  command: id -un\n' } });
    expect(['in block', 'imported', 'after'].map((t) => r.results(t)[0]?.result.stdout)).toEqual([u1, u2, 'root']);
  });
});

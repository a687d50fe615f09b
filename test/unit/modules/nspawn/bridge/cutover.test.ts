import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CUTOVER_SCRIPT } from '../../../../../src/modules/nspawn/bridge/cutover-script.js';
import { manifest, parsePoll, pollCommand, startCommand, varsFile, type CutoverSpec } from '../../../../../src/modules/nspawn/bridge/cutover.js';

const syntax = (shell: string, text: string) => spawnSync(shell, ['-n'], { input: text, encoding: 'utf8' });

const spec: CutoverSpec = {
  name: 'br0',
  files: [
    { path: '/etc/network/interfaces.d/br0', after: "auto br0\n# it's quoted\n" },
    { path: '/etc/systemd/network/br0.netdev', before: 'x' },
  ],
  forward: ['link add name br0 type bridge stp_state 0 forward_delay 0'],
  rollback: ['link del dev br0'],
  vars: { DEV: 'br0', GW: '10.0.0.1', TIMEOUT: 30, DHCP_NEW: '', DHCP_OLD: '', DHCP_TIMEOUT: 40, NETWORKD: 0, NETWORKD_WAS: 0, IFSTATE_UP: 'br0', IFSTATE_DOWN: 'eth0 eth1', GW_TRIES: 5 },
};

describe('the cut-over script and its start command', () => {
  it('parse as POSIX sh (dash -n)', () => {
    for (const text of [CUTOVER_SCRIPT, startCommand(spec), pollCommand('br0')]) {
      const r = syntax('dash', text);
      expect(r.status, r.stderr).toBe(0);
    }
  });
  it('the script restores files and network on every failure path, and waits for confirmation', () => {
    expect(CUTOVER_SCRIPT).toContain('ip -batch forward.batch');
    expect(CUTOVER_SCRIPT).toContain('ip -force -batch rollback.batch');
    expect(CUTOVER_SCRIPT).toMatch(/gw_check \|\| rollback "gateway \$GW did not answer"/);
    expect(CUTOVER_SCRIPT).toMatch(/\[ -e confirm \] \|\| rollback "no confirmation/);
  });
  it('manifest and variables: files by index, deletions marked, values quoted', () => {
    expect(manifest(spec.files)).toBe('put 0 /etc/network/interfaces.d/br0\ndel - /etc/systemd/network/br0.netdev\n');
    expect(varsFile(spec.vars)).toContain("IFSTATE_DOWN='eth0 eth1'\n");
    expect(varsFile({ ...spec.vars, GW: "x'; reboot; '" })).toContain("GW='x'\\''; reboot; '\\'''");
  });
  it('the start command carries the files as base64 and starts the script detached', () => {
    const cmd = startCommand(spec);
    expect(cmd).toContain(Buffer.from("auto br0\n# it's quoted\n").toString('base64'));
    expect(cmd).toContain('systemd-run --quiet --collect --unit="$U"');
    expect(cmd).toContain('setsid nohup /bin/sh "$D/cutover.sh" "$D"');
    expect(cmd).toContain("D=/run/machinist/bridge-br0; U=machinist-bridge-br0");
    expect(() => startCommand({ ...spec, files: [{ path: '/etc/a b', after: '' }] })).toThrow('unexpected space');
  });
  it('poll output: status, reason and the log tail', () => {
    expect(parsePoll('rolled-back\ngateway 10.0.0.9 did not answer\n@@log\n12:00 a\n12:01 b\n')).toEqual({ status: 'rolled-back', reason: 'gateway 10.0.0.9 did not answer', log: '12:00 a\n12:01 b' });
    expect(parsePoll('@@log\n')).toEqual({ status: '', reason: '', log: '' });
  });
});

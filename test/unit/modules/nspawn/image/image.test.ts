import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compressionOf,
  decideImage,
  formatOf,
  machineImageSchema,
  missingImageTool,
  parseImageProbe,
  transferCommand,
  type ImageState,
  type MachineImageArgs,
} from '../../../../../src/modules/nspawn/image/image-args.js';
import { applyScript, transferScript } from '../../../../../src/modules/nspawn/image/image.js';
import { bootMarker } from '../../../../../src/util/temp-files.js';
import { fixtures } from '../../../../helpers/fixtures.js';
import { TOOL_PATH } from '../../../../../src/modules/nspawn/common/host-script.js';

const fx = fixtures('modules/nspawn');
const args = (a: Record<string, unknown>): MachineImageArgs => machineImageSchema.parse(a);

describe('machine_image arguments and commands', () => {
  it('path for export/import, url for pull; names, URLs and paths checked', () => {
    expect(machineImageSchema.safeParse({ name: 'g', state: 'exported', path: '/root/g.tar.xz' }).success).toBe(true);
    expect(machineImageSchema.safeParse({ name: 'g', state: 'exported' }).success).toBe(false);
    expect(machineImageSchema.safeParse({ name: 'g', state: 'imported', path: 'g.tar' }).success).toBe(false);
    expect(machineImageSchema.safeParse({ name: 'g', state: 'pulled', path: '/x.tar' }).success).toBe(false);
    expect(machineImageSchema.safeParse({ name: 'g', state: 'pulled', url: 'ftp://x/y.tar' }).success).toBe(false);
    expect(machineImageSchema.safeParse({ name: 'g', state: 'pulled', url: 'https://x/y.tar.xz' }).success).toBe(true);
    expect(machineImageSchema.safeParse({ name: 'g/../x', state: 'imported', path: '/x.tar' }).success).toBe(false);
    expect(machineImageSchema.safeParse({ name: 'g', state: 'pulled', url: 'https://x/y.tar', verify: 'maybe' }).success).toBe(false);
    expect(args({ name: 'g', state: 'pulled', url: 'https://x/y.tar' }).verify).toBe('signature');
    expect(args({ name: 'g', state: 'pulled', url: 'https://x/y.tar', verify: false }).verify).toBe('no');
  });
  it('format from the argument or the file name; compression from the suffix', () => {
    expect(formatOf({ path: '/a/g.tar.xz' })).toBe('tar');
    expect(formatOf({ path: '/a/g.raw' })).toBe('raw');
    expect(formatOf({ url: 'https://x/image.raw.xz?x=1' })).toBe('raw');
    expect(formatOf({ url: 'https://x/image.qcow2' })).toBe('raw');
    expect(formatOf({ path: '/a/g.raw', format: 'tar' })).toBe('tar');
    expect(compressionOf('/a/g.tar.xz')).toBe('xz');
    expect(compressionOf('/a/g.tar.gz')).toBe('gzip');
    expect(compressionOf('/a/g.tar')).toBe('uncompressed');
  });
  it('machinectl commands, values quoted', () => {
    expect(transferCommand(args({ name: 'g', state: 'exported', path: '/root/g.tar' }), '/root/.mx-1-g.tar')).toBe('machinectl export-tar g /root/.mx-1-g.tar');
    expect(transferCommand(args({ name: 'g2', state: 'imported', path: "/root/it's.raw" }))).toBe("machinectl import-raw '/root/it'\\''s.raw' g2");
    expect(transferCommand(args({ name: 'g', state: 'pulled', url: 'https://h/a.tar.xz', verify: 'checksum', force: true }))).toBe(
      "machinectl pull-tar '--verify=checksum' '--force' https://h/a.tar.xz g",
    );
  });
});

describe('machine_image state and decisions', () => {
  const st = parseImageProbe(fx('images-probe-img.txt'));
  it('probe of a lab host', () => {
    expect([...st.tools].sort()).toEqual(['importd', 'machinectl', 'systemd-dissect']);
    expect(st.images).toEqual(['/var/lib/machines/g1']);
    expect(st.file).toEqual({ size: 246517760, type: 'regular file' });
    expect(st.dirExists).toBe(true);
    expect(st.machineId).toMatch(/^[0-9a-f]{32}$/);
    expect(missingImageTool(st)).toBeUndefined();
    expect(missingImageTool({ tools: new Set(['machinectl']) })).toMatch(/systemd-importd.*install the systemd-container package/);
  });
  it('exported: only when the file is absent or force', () => {
    const a = args({ name: 'g1', state: 'exported', path: '/root/g1.tar' });
    expect(decideImage(a, st)).toEqual({ changed: false });
    expect(decideImage({ ...a, force: true }, st)).toMatchObject({ changed: true });
    expect(decideImage(a, { ...st, file: undefined })).toMatchObject({ changed: true });
    expect(decideImage(a, { ...st, images: [] })).toEqual({ error: 'there is no image g1 to export' });
    expect(decideImage(a, { ...st, file: undefined, dirExists: false })).toHaveProperty('error');
    expect(decideImage({ ...a, format: 'raw' }, { ...st, file: undefined })).toHaveProperty('error');
    expect(decideImage(a, { ...st, file: { size: 1, type: 'directory' } })).toHaveProperty('error');
  });
  it('imported/pulled: only when the image is absent', () => {
    const none: ImageState = { ...st, images: [] };
    const imp = args({ name: 'g1', state: 'imported', path: '/root/g1.tar' });
    expect(decideImage(imp, st)).toEqual({ changed: false });
    expect(decideImage(imp, none)).toMatchObject({ changed: true });
    expect(decideImage(imp, { ...none, file: undefined })).toEqual({ error: '/root/g1.tar does not exist' });
    const pull = args({ name: 'g1', state: 'pulled', url: 'https://h/a.tar' });
    expect(decideImage(pull, st)).toEqual({ changed: false });
    expect(decideImage({ ...pull, force: true }, st)).toMatchObject({ changed: true });
    expect(decideImage(pull, none)).toMatchObject({ changed: true });
  });
  it('export goes to a temporary file renamed into place; import gets a fresh machine-id', () => {
    const e = applyScript(args({ name: 'g1', state: 'exported', path: '/root/g1.tar.xz' }));
    expect(e).toContain('_mxp=/root/.g1.tar.xz.machinist-;');
    expect(e).toMatch(/t="\$_mxp\$_mxb-\$\$-[0-9a-f]{8}\.xz"/);
    expect(e).toContain('machinectl export-tar g1 "$t"');
    expect(e.indexOf('export-tar')).toBeLessThan(e.indexOf('mv -f -- "$t" /root/g1.tar.xz'));
    const i = applyScript(args({ name: 'g2', state: 'imported', path: '/root/g1.tar' }));
    expect(i.indexOf('import-tar')).toBeLessThan(i.indexOf('/var/lib/machines/g2/etc/machine-id'));
    expect(i).toContain('systemd-dissect --copy-to /var/lib/machines/g2.raw');
  });
  it('never --quiet: machinectl prints the job id only without it', () => {
    for (const a of [
      args({ name: 'g', state: 'exported', path: '/root/g.tar' }),
      args({ name: 'g', state: 'imported', path: '/root/g.tar' }),
      args({ name: 'g', state: 'pulled', url: 'https://h/g.tar' }),
    ]) expect(transferCommand(a)).not.toContain('--quiet');
  });
});

/**
 * The interruption path run for real with /bin/sh and a fake machinectl (first in PATH) that behaves
 * as systemd 252 was seen to: the job stays listed for a few polls after cancel-transfer, and the
 * image may exist afterwards. The cleanup runs detached, so the test polls its record.
 */
describe('an interrupted transfer', () => {
  const FAKE = `#!/bin/sh
echo "$*" >> "$REC"
case "$1" in
  import-tar|export-tar|pull-tar)
    if [ "$1" = export-tar ]; then echo partial > "$3"; fi
    if [ -n "$PRINT_ID" ]; then echo 'Enqueued transfer job 42. Press C-c to continue download in background.' >&2; fi
    sleep 3 ;;
  list-transfers)
    n=$(cat "$REC.n" 2>/dev/null || echo 0); echo $((n + 1)) > "$REC.n"
    if [ "$n" -lt 3 ]; then echo "42 n/a $JOB_TYPE g2 -"; fi ;;
  image-status) [ -n "$IMAGE_EXISTS" ] ;;
esac
exit 0
`;
  function interrupt(script: string, env: Record<string, string>): { rc: string; calls: string[] } {
    const dir = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
    try {
      execFileSync('/bin/sh', ['-c', `printf '%s' "$FAKE" > ${dir}/machinectl && chmod +x ${dir}/machinectl`], { env: { ...process.env, FAKE } });
      const rec = `${dir}/rec`;
      const run = `( ${script}\nexit $rc ) & p=$!; sleep 0.5; kill -TERM $p; wait $p; echo "rc=$?"`;
      const out = execFileSync('/bin/sh', ['-c', run], { encoding: 'utf8', env: { ...process.env, ...env, PATH: `${dir}:${process.env.PATH}`, REC: rec } });
      // the detached cleanup polls every 0.5 s; wait until it is done (its last act is the rm)
      execFileSync('/bin/sh', ['-c', `i=0; while [ $i -lt 100 ] && ! grep -q '^DONE' ${rec} 2>/dev/null; do i=$((i+1)); sleep 0.1; done`]);
      return { rc: /rc=(\d+)/.exec(out)?.[1] ?? '', calls: readFileSync(rec, 'utf8').trim().split('\n') };
    } finally {
      execFileSync('rm', ['-rf', dir]);
    }
  }
  const done = 'machinectl DONE';

  it('cancels the printed job until importd drops it, then removes the image it produced', () => {
    const a = args({ name: 'g2', state: 'imported', path: '/root/g.tar' });
    const s = transferScript(transferCommand(a), { verb: 'import-tar', name: 'g2', removeImage: true }, 'echo finished').replace(/\ntrue'/, `\n${done}'`);
    const { rc, calls } = interrupt(s, { PRINT_ID: '1', IMAGE_EXISTS: '1', JOB_TYPE: 'import-tar' });
    expect(rc).toBe('130');
    expect(calls[0]).toBe('import-tar /root/g.tar g2');
    expect(calls).toContain('cancel-transfer 42');
    // polled until the job was gone, and only then removed
    expect(calls.filter((c) => c.startsWith('list-transfers')).length).toBe(4);
    expect(calls.indexOf('remove g2')).toBeGreaterThan(calls.lastIndexOf('list-transfers --no-legend'));
  });
  it('finds the job by type and name when machinectl had not printed its id yet', () => {
    const s = transferScript('machinectl import-tar /root/g.tar g2', { verb: 'import-tar', name: 'g2', removeImage: true }, 'true').replace(/\ntrue'/, `\n${done}'`);
    const { rc, calls } = interrupt(s, { IMAGE_EXISTS: '1', JOB_TYPE: 'import-tar' });
    expect(rc).toBe('130');
    expect(calls).toContain('cancel-transfer 42');
    expect(calls).toContain('remove g2');
  });
  it('a forced pull over an existing image cancels but removes nothing; an export removes its temporary file', () => {
    const pull = transferScript('machinectl pull-tar https://h/g.tar g2', { verb: 'pull-tar', name: 'g2', removeImage: false }, 'true').replace(/\ntrue'/, `\n${done}'`);
    const p = interrupt(pull, { PRINT_ID: '1', IMAGE_EXISTS: '1', JOB_TYPE: 'pull-tar' });
    expect(p.calls).toContain('cancel-transfer 42');
    expect(p.calls.some((c) => c.startsWith('remove'))).toBe(false);
    const exp = transferScript('machinectl export-tar g2 "$t"', { verb: 'export-tar', name: 'g2', removeImage: false, removeTemp: true }, 'true');
    expect(exp).toContain(`rm -f -- "$2"\ntrue' mx-cancel "$id" "$t"`);
  });
  it('an interrupted export leaves no temporary: its own is removed, and a stale one of an earlier run too', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'machinist-export-'));
    try {
      const boot = bootMarker(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'));
      const stale = `.g2.tar.xz.machinist-${boot}-999999999-0a1b2c3d.xz`;
      writeFileSync(path.join(out, stale), 'old partial');
      const s = applyScript(args({ name: 'g2', state: 'exported', path: path.join(out, 'g2.tar.xz') }))
        .replace(TOOL_PATH, ':')
        .replace(/\ntrue'/, `\n${done}'`);
      const { rc, calls } = interrupt(s, { PRINT_ID: '1', JOB_TYPE: 'export-tar' });
      expect(rc).toBe('130');
      expect(calls[0]).toMatch(new RegExp(`^export-tar g2 ${out}/\\.g2\\.tar\\.xz\\.machinist-${boot}-[0-9]+-[0-9a-f]{8}\\.xz$`));
      expect(calls).toContain('cancel-transfer 42');
      expect(readdirSync(out)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

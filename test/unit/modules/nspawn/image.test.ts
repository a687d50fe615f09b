import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
} from '../../../../src/modules/nspawn/image-args.js';
import { applyScript, transferScript } from '../../../../src/modules/nspawn/image.js';

const fx = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
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
    expect(transferCommand(args({ name: 'g', state: 'exported', path: '/root/g.tar' }), '/root/.mx-1-g.tar')).toBe('machinectl --quiet export-tar g /root/.mx-1-g.tar');
    expect(transferCommand(args({ name: 'g2', state: 'imported', path: "/root/it's.raw" }))).toBe("machinectl --quiet import-raw '/root/it'\\''s.raw' g2");
    expect(transferCommand(args({ name: 'g', state: 'pulled', url: 'https://h/a.tar.xz', verify: 'checksum', force: true }))).toBe(
      "machinectl --quiet pull-tar '--verify=checksum' '--force' https://h/a.tar.xz g",
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
    const e = applyScript(args({ name: 'g1', state: 'exported', path: '/root/g1.tar.xz' }), '/root/.mx-ab-g1.tar.xz');
    expect(e).toContain('machinectl --quiet export-tar g1 /root/.mx-ab-g1.tar.xz');
    expect(e.indexOf('export-tar')).toBeLessThan(e.indexOf('mv -f /root/.mx-ab-g1.tar.xz /root/g1.tar.xz'));
    const i = applyScript(args({ name: 'g2', state: 'imported', path: '/root/g1.tar' }));
    expect(i.indexOf('import-tar')).toBeLessThan(i.indexOf('/var/lib/machines/g2/etc/machine-id'));
    expect(i).toContain('systemd-dissect --copy-to /var/lib/machines/g2.raw');
  });
  it('an interrupted transfer is cancelled with the job id machinectl printed', () => {
    const fake = "printf 'Enqueued transfer job 42. Press C-c to continue download in background.\\n' >&2; sleep 3";
    const script = `machinectl() { echo "machinectl $*" >> "$OUT"; }\n${transferScript(`sh -c ${JSON.stringify(fake)}`)}\nexit $rc`;
    const out = execFileSync('/bin/sh', ['-c', `OUT=$(mktemp); export OUT; ( ${script} ) & p=$!; sleep 0.5; kill -TERM $p; wait $p; echo "rc=$?"; cat "$OUT"; rm -f "$OUT"`], { encoding: 'utf8' });
    expect(out).toContain('rc=130');
    expect(out).toContain('machinectl cancel-transfer 42');
  });
});

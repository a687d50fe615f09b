/**
 * machine_image: arguments, the one-round-trip probe (importd present, where the image is, the file
 * at `path`) and the pure decision. The transfers themselves are in image.ts.
 */
import { z } from 'zod';
import { IMAGE_DIRS } from '../../../transport/nspawn/names.js';
import { sh, type RawShell } from '../../../util/quote.js';
import { isMachineId } from '../common/image-id.js';
import { machineName } from '../common/names.js';
import { sectionMark, sections } from '../../../util/sections.js';
import { absPath, boolish, nonNegative } from '../../kit/args.js';
import { TOOL_PATH } from '../common/host-script.js';

const filePath = absPath.refine((p) => !p.endsWith('/'), 'path names a file, not a directory');

export const machineImageSchema = z
  .object({
    name: machineName,
    state: z.enum(['exported', 'imported', 'pulled']),
    path: filePath.optional(),
    url: z
      .string()
      .regex(/^https?:\/\/[^\s'"\\]+$/, 'expected an http:// or https:// URL')
      .optional(),
    format: z.enum(['tar', 'raw']).optional(),
    // YAML 1.1 reads `verify: no` as false
    verify: z.preprocess((v) => (v === false ? 'no' : v), z.enum(['no', 'checksum', 'signature'])).default('signature'),
    force: boolish.default(false),
    /** Seconds the transfer may take. */
    timeout: nonNegative.default(1800),
  })
  .strict()
  .superRefine((a, c) => {
    if (a.state === 'pulled') {
      if (!a.url) c.addIssue({ code: 'custom', message: 'state=pulled needs url' });
      if (a.path) c.addIssue({ code: 'custom', message: 'path is not used with state=pulled (the image goes to /var/lib/machines)' });
    } else {
      if (!a.path) c.addIssue({ code: 'custom', message: `state=${a.state} needs path` });
      if (a.url) c.addIssue({ code: 'custom', message: 'url is only used with state=pulled' });
    }
  });

export type MachineImageArgs = z.infer<typeof machineImageSchema>;

/** tar or raw: the argument, else from the file name as machinectl would read it (.raw, .qcow2 → raw). */
export function formatOf(args: Pick<MachineImageArgs, 'format' | 'path' | 'url'>): 'tar' | 'raw' {
  if (args.format) return args.format;
  const file = (args.path ?? args.url ?? '').replace(/[?#].*$/, '');
  return /\.(raw|qcow2)(\.(xz|gz|bz2|zst))?$/.test(file) ? 'raw' : 'tar';
}

const COMPRESSION: Record<string, string> = { '.xz': 'xz', '.gz': 'gzip', '.bz2': 'bzip2', '.zst': 'zstd' };

/** The suffix of an export file that machinectl picks the compression from ('' for none). */
export function compressionSuffix(path: string): string {
  return /\.(?:xz|gz|bz2|zst)$/.exec(path)?.[0] ?? '';
}

/** Compression machinectl picks from an export file's suffix. */
export function compressionOf(path: string): string {
  return COMPRESSION[compressionSuffix(path)] ?? 'uncompressed';
}

/** machinectl's transfer verb for the arguments (also the TYPE column of `machinectl list-transfers`). */
export function transferVerb(args: Pick<MachineImageArgs, 'state' | 'format' | 'path' | 'url'>): string {
  const op = args.state === 'exported' ? 'export' : args.state === 'imported' ? 'import' : 'pull';
  return `${op}-${formatOf(args)}`;
}

/**
 * The machinectl command for the transfer (writing an export to `target`). Never `--quiet`: only
 * without it does machinectl print "Enqueued transfer job N", the id an interrupted run must cancel.
 */
export function transferCommand(args: MachineImageArgs, target?: string | RawShell): string {
  const verb = transferVerb(args);
  if (args.state === 'exported') return sh`machinectl ${verb} ${args.name} ${target ?? args.path!}`;
  if (args.state === 'imported') return sh`machinectl ${verb} ${args.path!} ${args.name}`;
  const opts = [`--verify=${args.verify}`, ...(args.force ? ['--force'] : [])];
  return sh`machinectl ${verb} ${opts} ${args.url!} ${args.name}`;
}

export function imageProbe(args: MachineImageArgs): string {
  const lines = [
    TOOL_PATH,
    sectionMark('tools'),
    'command -v machinectl >/dev/null 2>&1 && echo machinectl',
    'if [ -x /lib/systemd/systemd-importd ] || [ -x /usr/lib/systemd/systemd-importd ]; then echo importd; fi',
    'command -v systemd-dissect >/dev/null 2>&1 && echo systemd-dissect; true',
    sectionMark('image'),
    `for d in ${IMAGE_DIRS.join(' ')}; do for f in ${sh`"$d"/${args.name}`} ${sh`"$d"/${args.name}.raw`}; do if [ -e "$f" ] || [ -L "$f" ]; then echo "$f"; fi; done; done; true`,
    sectionMark('path'),
  ];
  if (args.path) {
    const dir = args.path.slice(0, args.path.lastIndexOf('/')) || '/';
    lines.push(sh`if [ -e ${args.path} ]; then stat -L -c '%s %F' ${args.path}; fi`);
    lines.push(sectionMark('dir'), sh`if [ -d ${dir} ]; then echo yes; fi`);
  }
  lines.push(sectionMark('machine_id'), sh`cat ${'/var/lib/machines/' + args.name}/etc/machine-id 2>/dev/null || true`);
  return lines.join('\n') + '\n';
}

export interface ImageState {
  tools: Set<string>;
  /** Paths of the image NAME found in the image search path (first one is what machined uses). */
  images: string[];
  /** The file at `path`: size and type, when it exists. */
  file?: { size: number; type: string };
  dirExists: boolean;
  machineId?: string;
}

export function parseImageProbe(out: string): ImageState {
  const s = sections(out);
  const lines = (v: string | undefined) => (v ?? '').split('\n').map((x) => x.trim()).filter(Boolean);
  const fm = /^(\d+) (.+)$/.exec((s.path ?? '').trim());
  const id = (s.machine_id ?? '').trim();
  return {
    tools: new Set(lines(s.tools)),
    images: lines(s.image),
    file: fm ? { size: Number(fm[1]), type: fm[2] } : undefined,
    dirExists: (s.dir ?? '').trim() === 'yes',
    machineId: isMachineId(id) ? id : undefined,
  };
}

export type ImageDecision = { changed: false } | { changed: true; why: string } | { error: string };

/** exported: changed when the file is absent (or force); imported/pulled: when the image is absent. */
export function decideImage(args: MachineImageArgs, st: ImageState): ImageDecision {
  const fmt = formatOf(args);
  if (args.state === 'exported') {
    if (st.images.length === 0) return { error: `there is no image ${args.name} to export` };
    if (fmt === 'raw' && !st.images[0].endsWith('.raw')) return { error: `image ${args.name} is a directory (${st.images[0]}): export it as tar (export-raw needs a raw disk image)` };
    if (fmt === 'tar' && st.images[0].endsWith('.raw')) return { error: `image ${args.name} is a raw disk image (${st.images[0]}): export it with format: raw` };
    if (!st.dirExists) return { error: `the directory of ${args.path} does not exist` };
    if (st.file && !st.file.type.includes('regular')) return { error: `${args.path} exists and is not a regular file (${st.file.type})` };
    if (st.file && !args.force) return { changed: false };
    return { changed: true, why: st.file ? `${args.path} exists (force: overwritten)` : `${args.path} is absent` };
  }
  if (st.images.length > 0 && !(args.state === 'pulled' && args.force)) return { changed: false };
  if (args.state === 'imported' && !st.file) return { error: `${args.path} does not exist` };
  return { changed: true, why: st.images.length ? `image ${args.name} exists (force: pulled again)` : `image ${args.name} is absent` };
}

/** The tool the host lacks (a clear message), if any. */
export function missingImageTool(st: Pick<ImageState, 'tools'>): string | undefined {
  if (!st.tools.has('machinectl') || !st.tools.has('importd')) {
    return 'machinectl import/export needs systemd-importd, which is not installed on this host; install the systemd-container package';
  }
  return undefined;
}

/**
 * nspawn (machinist.nspawn.nspawn, machinist.nspawn.settings): a machine's settings file
 * /etc/systemd/nspawn/NAME.nspawn (the trusted location: a file beside the image in /var/lib/machines
 * has its privileged keys ignored), written atomically (0644 root:root) from typed [Exec], [Files]
 * and [Network] sections, or removed (state: absent). ONE probe reads the file, the untrusted file,
 * the image's root owner, and whether the machine runs and since when: a changed file on a running
 * machine reports restart_required (the machine keeps its old settings until restarted).
 */
import { defineModule, type ModuleContext, type Plan } from '../../types.js';
import { sh } from '../../../util/quote.js';
import { ModuleFailure } from '../../../util/errors.js';
import { probe } from '../../kit/file-probe.js';
import { applyWrite, decideWrite } from '../../kit/file-write.js';
import { contentDiff } from '../../kit/diff.js';
import { execShape, filesShape, networkShape, nspawnSchema, type NspawnArgs } from './settings-schema.js';
import { privateUsersIn, privateUsersOff, renderSettings } from './settings-render.js';
import { machineRunning, parseRunState, settingsExtraScript, settingsNewerThanStart, settingsPaths } from '../common/settings-probe.js';

const ORDER = { exec: Object.keys(execShape), files: Object.keys(filesShape), network: Object.keys(networkShape) };

/** The text the module writes for these arguments (state: present). */
export function nspawnFileText(args: NspawnArgs): string {
  return renderSettings({ exec: args.exec, files: args.files, network: args.network }, ORDER);
}

/** Warning when user namespacing is turned off on an image a -U start has already chowned. */
export function privateUsersWarning(before: string | undefined, after: string | undefined, image: { exists: boolean; uid?: number }, name: string): string | undefined {
  if (!privateUsersOff(after) || !image.exists) return undefined;
  const shifted = image.uid !== undefined && image.uid !== 0;
  if (!shifted && privateUsersOff(before)) return undefined;
  return (
    `PrivateUsers is turned off for ${name}, but ${shifted ? `its image is owned by UID ${image.uid} (shifted by an earlier start with user namespacing)` : 'it ran with user namespacing before (systemd-nspawn@.service passes -U)'}: ` +
    `files keep the shifted ownership and the guest will see them as nobody. Start it once with PrivateUsers=0 and PrivateUsersOwnership=chown (systemd-nspawn --private-users=0 --private-users-chown) to shift them back.`
  );
}

export async function planNspawn(args: NspawnArgs, ctx: ModuleContext): Promise<Plan> {
  const paths = settingsPaths(args.name);
  const present = args.state === 'present';
  const { env, paths: st, extra } = await probe(
    ctx,
    [
      { path: paths.trusted, hash: 'sha256', content: 'always', maxBytes: 1024 * 1024 },
      { path: paths.untrusted },
      { path: paths.image },
    ],
    settingsExtraScript(args.name),
  );
  const [file, untrusted, image] = st;
  if (file.exists && file.type !== 'file') throw new ModuleFailure(`${paths.trusted} is a ${file.type}, not a file`);
  const run = parseRunState(extra);
  const running = machineRunning(run);
  const beforeText = file.content?.toString('utf8');
  if (untrusted.exists && present) {
    ctx.warn(`${paths.untrusted} is ignored: ${paths.trusted} takes precedence (and a file beside the image never gets its privileged settings such as Bind=, Port=, PrivateUsers= applied)`);
  } else if (untrusted.exists && file.exists) {
    ctx.warn(`${paths.untrusted} exists: without ${paths.trusted}, systemd-nspawn reads it, but ignores its privileged settings (Bind=, Port=, PrivateUsers=, ...)`);
  }
  const stale = running && settingsNewerThanStart(file.exists ? file.mtime : undefined, run.unit, run.clock);
  const base = { path: paths.trusted, state: args.state, running };

  if (!present) {
    if (!file.exists) return { changed: false, result: { changed: false, ...base, restart_required: false } };
    if (running) ctx.warn(`${args.name} is running: it keeps the removed settings until it is restarted`);
    return {
      changed: true,
      diff: contentDiff(paths.trusted, file.content ?? 'content not read', undefined),
      result: { changed: true, ...base, restart_required: running },
      apply: async () => {
        const r = await ctx.exec(sh`rm -f -- ${paths.trusted}`);
        if (r.rc !== 0) throw new ModuleFailure(`could not remove ${paths.trusted}: ${r.stderr.trim() || `rc ${r.rc}`}`, { rc: r.rc, stderr: r.stderr });
      },
    };
  }

  let text: string;
  try {
    text = nspawnFileText(args);
  } catch (e) {
    throw new ModuleFailure(`cannot write ${paths.trusted}: ${(e as Error).message}`);
  }
  const content = Buffer.from(text, 'utf8');
  const w = privateUsersWarning(beforeText === undefined ? undefined : privateUsersIn(beforeText), privateUsersIn(text), image, args.name);
  if (w) ctx.warn(w);
  const d = decideWrite({ dest: paths.trusted, st: file, env, content, args: { mode: '0644', owner: 'root', group: 'root' }, before: file.content ?? null });
  const restart = running && (d.contentChanged || stale);
  if (restart) {
    ctx.warn(
      d.contentChanged
        ? `${args.name} is running: it keeps its old settings until it is restarted`
        : `${args.name} is running with settings older than ${paths.trusted}: restart it to apply them`,
    );
  }
  const result = { ...d.result, ...base, restart_required: restart };
  if (!d.changed) return { changed: false, result: { ...result, changed: false } };
  return {
    changed: true,
    diff: d.diff,
    result: { ...result, changed: true },
    apply: async () => applyWrite(ctx, d, content, {}, { mkdirParents: !file.exists }),
  };
}

export const nspawnModule = defineModule({
  name: 'nspawn',
  aliases: ['machinist.nspawn.nspawn', 'machinist.nspawn.settings'],
  schema: nspawnSchema,
  async plan(args, ctx) {
    return planNspawn(args, ctx);
  },
});

/**
 * Arguments of the `nspawn` settings module: the [Exec], [Files] and [Network] keys of
 * systemd.nspawn(5), in the man page's CamelCase (snake_case forms such as `virtual_ethernet` are
 * mapped onto them). Every key's schema turns the value into the text written after `Key=` (a list
 * means one `Key=` line per item). Unknown keys are refused with the nearest known name; the issue
 * is a custom one at the section's path, so load-time validation reports it with the task's position.
 * The order of the shapes below is the order keys are written in (the file is deterministic).
 */
import { z } from 'zod';
import { nearest } from '../../../util/errors.js';
import { machineName } from '../common/names.js';
import { networkConflicts } from './settings-network.js';
import * as v from './settings-values.js';
import { renameAliases } from '../../kit/args.js';

const LIMITS = ['CPU', 'FSIZE', 'DATA', 'STACK', 'CORE', 'RSS', 'NOFILE', 'AS', 'NPROC', 'MEMLOCK', 'LOCKS', 'SIGPENDING', 'MSGQUEUE', 'NICE', 'RTPRIO', 'RTTIME'] as const;

export const execShape = {
  Boot: v.yesNo,
  Ephemeral: v.yesNo,
  ProcessTwo: v.yesNo,
  Parameters: v.parameters,
  Environment: v.environment,
  User: v.userName,
  WorkingDirectory: v.absPathValue,
  PivotRoot: v.pivotRoot,
  Capability: v.spaceList(v.capability),
  DropCapability: v.spaceList(v.capability),
  AmbientCapability: v.spaceList(v.capability),
  NoNewPrivileges: v.yesNo,
  KillSignal: v.signal,
  Personality: z.enum(['x86', 'x86-64', 'arm', 'arm64', 'ppc', 'ppc64', 'ppc64-le', 's390', 's390x']),
  MachineID: v.machineId,
  PrivateUsers: v.privateUsers,
  NotifyReady: v.yesNo,
  SystemCallFilter: v.spaceList(v.syscall),
  ...(Object.fromEntries(LIMITS.map((l) => [`Limit${l}`, v.rlimit])) as Record<`Limit${(typeof LIMITS)[number]}`, typeof v.rlimit>),
  OOMScoreAdjust: v.oomScore,
  CPUAffinity: v.cpuList,
  Hostname: v.hostname,
  ResolvConf: z.enum(['off', 'copy-host', 'copy-static', 'copy-uplink', 'copy-stub', 'replace-host', 'replace-static', 'replace-uplink', 'replace-stub', 'bind-host', 'bind-static', 'bind-uplink', 'bind-stub', 'delete', 'auto']),
  Timezone: z.enum(['off', 'copy', 'bind', 'symlink', 'delete', 'auto']),
  LinkJournal: z.enum(['no', 'host', 'try-host', 'guest', 'try-guest', 'auto']),
  SuppressSync: v.yesNo,
};

export const filesShape = {
  ReadOnly: v.yesNo,
  Volatile: v.boolOr(['state', 'overlay']),
  Bind: v.repeated(v.bindSpec),
  BindReadOnly: v.repeated(v.bindSpec),
  BindUser: v.repeated(v.userName),
  TemporaryFileSystem: v.repeated(v.tmpfsSpec),
  Inaccessible: v.repeated(v.absPathValue),
  Overlay: v.repeated(v.overlaySpec),
  OverlayReadOnly: v.repeated(v.overlaySpec),
  PrivateUsersOwnership: z.enum(['off', 'chown', 'map', 'auto']),
};

export const networkShape = {
  Private: v.yesNo,
  VirtualEthernet: v.yesNo,
  VirtualEthernetExtra: v.repeated(v.ifPair),
  Interface: v.spaceList(v.ifPair),
  MACVLAN: v.spaceList(v.ifPair),
  IPVLAN: v.spaceList(v.ifname),
  Bridge: v.ifname,
  Zone: v.zone,
  Port: v.repeated(v.port),
};

/** Older names systemd still reads, mapped to the current key (value converted). */
const LEGACY: Record<string, { key: string; convert: (x: unknown) => unknown }> = {
  PrivateUsersChown: {
    key: 'PrivateUsersOwnership',
    convert: (x) => {
      const b = v.yesNo.safeParse(x);
      return b.success ? (b.data === 'yes' ? 'chown' : 'off') : x;
    },
  },
};

/** The CamelCase key a written key stands for (exact, or snake_case/lowercase), else undefined. */
export function canonicalKey(key: string, known: readonly string[]): string | undefined {
  if (known.includes(key)) return key;
  if (!/^[a-z0-9_]+$/.test(key)) return undefined;
  const flat = key.replace(/_/g, '');
  return known.find((k) => k.toLowerCase() === flat);
}

/** A section: keys mapped to CamelCase, unknown or repeated keys refused (with a near name). */
function section<S extends z.ZodRawShape>(title: string, shape: S) {
  const known = Object.keys(shape);
  const legacy = Object.keys(LEGACY).filter((k) => known.includes(LEGACY[k].key));
  return z.preprocess(
    (raw, ctx) => {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(raw as Record<string, unknown>)) {
        let key = canonicalKey(k, known);
        let value = val;
        const old = canonicalKey(k, legacy);
        if (key === undefined && old !== undefined) {
          key = LEGACY[old].key;
          value = LEGACY[old].convert(val);
        }
        if (key === undefined) {
          const near = nearest(k, [...known, ...legacy]) ?? nearest(k.replace(/_/g, ''), [...known, ...legacy]);
          ctx.addIssue({ code: 'custom', path: [k], message: `unknown key '${k}' in [${title}]${near ? ` (did you mean '${near}'?)` : ` (known keys: ${known.join(', ')})`}` });
        } else if (key in out) {
          ctx.addIssue({ code: 'custom', path: [k], message: `'${key}' is given twice in [${title}] (as '${k}' too)` });
        } else out[key] = value;
      }
      return out;
    },
    z.object(shape, { invalid_type_error: `expected a mapping of [${title}] keys` }).partial().strict(),
  );
}

export const execSection = section('Exec', execShape);
export const filesSection = section('Files', filesShape);
export const networkSection = section('Network', networkShape).superRefine((n, c) => {
  for (const m of networkConflicts(n)) c.addIssue({ code: 'custom', message: m });
});

export const nspawnSchema = z.preprocess(
  renameAliases({ exec: ['Exec'], files: ['Files'], network: ['Network'] }),
  z
    .object({
      name: machineName,
      state: z.enum(['present', 'absent']).default('present'),
      exec: execSection.optional(),
      files: filesSection.optional(),
      network: networkSection.optional(),
    })
    .strict(),
);

export type NspawnArgs = z.infer<typeof nspawnSchema>;
export type ExecSettings = NonNullable<NspawnArgs['exec']>;
export type FilesSettings = NonNullable<NspawnArgs['files']>;
export type NetworkSettings = NonNullable<NspawnArgs['network']>;

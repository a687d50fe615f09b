/**
 * The user module's decision (pure): from the arguments and the probed account state, the
 * useradd/usermod/userdel argv (never the password: that goes to `chpasswd -e` on stdin), whether
 * the password hash must be set, and the result fields Ansible returns.
 */
import { findGroup, type AccountProbe } from './accounts.js';

export interface UserWant {
  name: string;
  state: 'present' | 'absent';
  uid?: number;
  non_unique?: boolean;
  group?: string;
  groups?: string[];
  append: boolean;
  shell?: string;
  home?: string;
  skeleton?: string;
  create_home: boolean;
  move_home: boolean;
  system: boolean;
  comment?: string;
  password?: string;
  update_password: 'always' | 'on_create';
  password_lock?: boolean;
  remove: boolean;
  force: boolean;
  /** Seconds since the epoch; negative: no expiry. */
  expires?: number;
  /** Minimum and maximum password age in days (chage -m / -M). */
  password_expire_min?: number;
  password_expire_max?: number;
  /** useradd's UMASK for the home it creates (-K UMASK=...). */
  umask?: string;
  /** local: libuser's luseradd/lusermod/luserdel, memberships through lgroupmod (Ansible's local mode). */
  local?: boolean;
}

export interface UserDecision {
  /** argv of useradd/usermod/userdel, or undefined when it need not run. */
  argv?: string[];
  /** Set the hash (`passwordHash`) with chpasswd -e. */
  setPassword: boolean;
  /** The hash to set: the password, with '!' before it when password_lock (locked and set at once, as Ansible's usermod -p '!hash'). */
  passwordHash?: string;
  changed: boolean;
  /** Fields that change: {field: [before, after]} (for the diff; no password). */
  changes: Record<string, [unknown, unknown]>;
  /** A failure decided before anything runs (missing group). */
  fail?: string;
  /** The home directory to create afterwards (Ansible's fallback for an existing user whose home is missing). */
  createHome?: string;
  /** chage argv for password_expire_min/max. */
  chage?: string[];
  /** local: lgroupmod / lchage argvs run after the account command (memberships, expiry). */
  after?: string[][];
}

const DAY = 86400;

/** Debian's useradd -e takes YYYY-MM-DD; the shadow file stores days since the epoch. */
export function expiryDate(seconds: number): string {
  return new Date(Math.floor(seconds / DAY) * DAY * 1000).toISOString().slice(0, 10);
}

function groupsWanted(w: UserWant): string[] {
  return (w.groups ?? []).map((g) => g.trim()).filter(Boolean);
}

export function decideUser(w: UserWant, p: AccountProbe): UserDecision {
  const d: UserDecision = { setPassword: false, changed: false, changes: {} };
  const exists = p.passwd !== undefined;
  if (w.state === 'absent') {
    if (!exists) return d;
    d.argv = w.local ? ['luserdel', ...(w.remove ? ['-r'] : []), w.name] : ['userdel', ...(w.remove ? ['-r'] : []), ...(w.force ? ['-f'] : []), w.name];
    d.changed = true;
    d.changes.state = ['present', 'absent'];
    return d;
  }
  const wantGroups = groupsWanted(w);
  for (const g of [...(w.group !== undefined ? [w.group] : []), ...wantGroups]) {
    if (!findGroup(g, p.groups)) {
      d.fail = `Group ${g} does not exist`;
      return d;
    }
  }
  const pw = w.password;
  if (!exists) {
    const argv = [w.local ? 'luseradd' : 'useradd'];
    if (w.uid !== undefined) argv.push('-u', String(w.uid), ...(w.non_unique ? ['-o'] : []));
    if (w.group !== undefined) argv.push('-g', w.group);
    // a group named as the user exists: not made again (Debian's useradd -N, luseradd -n), as Ansible
    else if (p.groups.some((g) => g.name === w.name)) argv.push(w.local ? '-n' : '-N');
    if (wantGroups.length && !w.local) argv.push('-G', wantGroups.join(','));
    if (wantGroups.length && w.local) d.after = wantGroups.map((g) => ['lgroupmod', '-M', w.name, g]);
    if (w.comment !== undefined) argv.push('-c', w.comment);
    if (w.home !== undefined) argv.push('-d', w.home);
    if (w.shell !== undefined) argv.push('-s', w.shell);
    if (w.expires !== undefined && w.expires >= 0 && !w.local) argv.push('-e', expiryDate(w.expires));
    if (w.system) argv.push('-r');
    if (w.create_home) {
      if (!w.local) argv.push('-m');
      if (w.skeleton !== undefined) argv.push('-k', w.skeleton);
      if (w.umask !== undefined) argv.push('-K', `UMASK=${w.umask}`);
    } else argv.push('-M');
    argv.push(w.name);
    d.argv = argv;
    if (w.local && w.expires !== undefined) (d.after ??= []).push(['lchage', '-E', String(w.expires < 0 ? -1 : Math.floor(w.expires / DAY)), w.name]);
    d.setPassword = pw !== undefined;
    if (pw !== undefined) d.passwordHash = w.password_lock ? `!${pw}` : pw;
    d.changed = true;
    d.changes.state = ['absent', 'present'];
    d.chage = chageArgv(w, undefined, undefined);
    return d;
  }
  const cur = p.passwd!;
  const argv = [w.local ? 'lusermod' : 'usermod'];
  const change = (field: string, before: unknown, after: unknown, ...flags: string[]) => {
    argv.push(...flags);
    d.changes[field] = [before, after];
  };
  if (w.uid !== undefined && w.uid !== cur.uid) change('uid', cur.uid, w.uid, '-u', String(w.uid), ...(w.non_unique ? ['-o'] : []));
  if (w.group !== undefined) {
    const g = findGroup(w.group, p.groups)!;
    // lusermod takes only a gid (Ansible gives it ginfo[2])
    if (g.gid !== cur.gid) change('group', p.primary?.name ?? cur.gid, g.name, '-g', w.local ? String(g.gid) : w.group);
  }
  if (w.groups !== undefined) {
    const primaryName = p.primary?.name;
    const current = p.idGroups.filter((g) => g !== primaryName);
    const primaryAfter = w.group !== undefined ? findGroup(w.group, p.groups)!.name : primaryName;
    const wanted = wantGroups.map((g) => findGroup(g, p.groups)!.name).filter((g) => g !== primaryAfter);
    const missing = wanted.filter((g) => !current.includes(g));
    const extra = current.filter((g) => !wanted.includes(g));
    if (w.append ? missing.length > 0 : missing.length > 0 || extra.length > 0) {
      const after = w.append ? [...current, ...missing] : wanted;
      if (w.local) {
        d.changes.groups = [current.join(','), after.join(',')];
        d.after = [...missing.map((g) => ['lgroupmod', '-M', w.name, g]), ...(w.append ? [] : extra.map((g) => ['lgroupmod', '-m', w.name, g]))];
      } else change('groups', current.join(','), after.join(','), ...(w.append ? ['-a'] : []), '-G', wantGroups.join(','));
    }
  }
  if (w.comment !== undefined && w.comment !== cur.comment) change('comment', cur.comment, w.comment, '-c', w.comment);
  if (w.home !== undefined && w.home !== cur.home) change('home', cur.home, w.home, '-d', w.home, ...(w.move_home ? ['-m'] : []));
  if (w.shell !== undefined && w.shell !== cur.shell) change('shell', cur.shell, w.shell, '-s', w.shell);
  if (w.expires !== undefined) {
    const curDays = p.shadow?.expires;
    // local: libuser's lchage -E days (-1: never), as Ansible's local mode
    const lchage = (days: number) => (d.after ??= []).push(['lchage', '-E', String(days), w.name]);
    if (w.expires < 0) {
      if (curDays !== undefined && curDays >= 0) {
        if (w.local) {
          d.changes.expires = [expiryDate(curDays * DAY), 'never'];
          lchage(-1);
        } else change('expires', expiryDate(curDays * DAY), 'never', '-e', '');
      }
    } else if (curDays !== Math.floor(w.expires / DAY)) {
      if (w.local) {
        d.changes.expires = [curDays === undefined ? 'never' : expiryDate(curDays * DAY), expiryDate(w.expires)];
        lchage(Math.floor(w.expires / DAY));
      } else change('expires', curDays === undefined ? 'never' : expiryDate(curDays * DAY), expiryDate(w.expires), '-e', expiryDate(w.expires));
    }
  }
  if (w.password_lock !== undefined && p.shadow) {
    const locked = p.shadow.hash.startsWith('!');
    if (w.password_lock && !locked) change('password_lock', false, true, '-L');
    if (!w.password_lock && locked) change('password_lock', true, false, '-U');
  }
  // as Ansible: the hashes compared without the lock's '!'; a new hash is set locked or not at once (no -L/-U then)
  const unlocked = (h: string) => h.replace(/^!+/, '');
  if (pw !== undefined && w.update_password === 'always' && unlocked(p.shadow?.hash ?? '') !== unlocked(pw)) {
    d.setPassword = true;
    d.passwordHash = w.password_lock ? `!${pw}` : pw;
    d.changes.password = ['(hidden)', '(changed)'];
    for (const flag of ['-L', '-U']) {
      const i = argv.indexOf(flag);
      if (i > 0) argv.splice(i, 1);
    }
  }
  if (argv.length > 1) {
    argv.push(w.name);
    d.argv = argv;
  }
  // as Ansible after its change: a missing home is created when create_home (the fallback)
  if (w.create_home && p.homeExists === false) {
    d.createHome = w.home ?? cur.home;
    d.changes.home_created = [false, true];
  }
  d.chage = chageArgv(w, p.shadow?.min, p.shadow?.max);
  d.changed = d.argv !== undefined || d.setPassword || d.createHome !== undefined || d.chage !== undefined || d.after !== undefined;
  return d;
}

/** chage -m/-M for the ages that differ from the shadow entry's (all asked for when it is not known yet). */
function chageArgv(w: UserWant, min: number | undefined, max: number | undefined): string[] | undefined {
  const argv = ['chage'];
  if (w.password_expire_min !== undefined && w.password_expire_min !== (min ?? -1)) argv.push('-m', String(w.password_expire_min));
  if (w.password_expire_max !== undefined && w.password_expire_max !== (max ?? -1)) argv.push('-M', String(w.password_expire_max));
  return argv.length > 1 ? [...argv, w.name] : undefined;
}

/** Crypt's hash lengths Ansible checks, by scheme ($1$ md5, $5$ sha256, $6$ sha512). */
const HASH_LENGTHS: Record<string, number> = { '1': 22, '5': 43, '6': 86 };

/**
 * Does the value look like a crypt(3) hash (or a disabling marker)? Ansible's user module
 * (check_password_encrypted) warns otherwise: ':', '*' or '!' anywhere, no '$', fewer than three
 * '$' fields, a hash with characters outside [a-zA-Z0-9./=], or a md5/sha256/sha512 hash of the wrong length.
 */
export function looksHashed(pw: string): boolean {
  if (pw === '' || pw === '*' || pw === '!' || pw === '*************') return true;
  if (/[:*!]/.test(pw) || !pw.includes('$')) return false;
  const fields = pw.split('$');
  if (fields.length < 3) return false;
  const hash = fields[fields.length - 1] as string;
  if (/[^a-zA-Z0-9./=]/.test(hash)) return false;
  const want = HASH_LENGTHS[fields[1] as string];
  return want === undefined || hash.length === want;
}

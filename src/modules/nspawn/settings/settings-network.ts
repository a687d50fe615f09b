/**
 * The rules of a .nspawn file's [Network] section that span several keys: which combinations
 * contradict each other (refused by the schema, before anything is written) and the VirtualEthernet=
 * value written with the section.
 *
 * The override trap (systemd.nspawn(5), systemd-nspawn@.service): the unit runs systemd-nspawn with
 * `--network-veth -U --settings=override`; a .nspawn file that sets any [Network] key replaces the
 * command line's network settings as a whole, so a file with e.g. only Bridge= or Port= but no
 * VirtualEthernet= can leave the machine without its veth link. Whenever [Network] has a key,
 * VirtualEthernet= is therefore written explicitly.
 */

/** Keys that need the veth link (Bridge= and Zone= put its host side on a bridge). */
const NEEDS_VETH = ['Bridge', 'Zone', 'Port', 'VirtualEthernetExtra'] as const;
/** Keys that imply a private network namespace. */
const NEEDS_PRIVATE = ['VirtualEthernet', 'VirtualEthernetExtra', 'Interface', 'MACVLAN', 'IPVLAN', 'Bridge', 'Zone', 'Port'] as const;

/** The [Network] keys the rules look at (the schema's section, or a part of it). */
type Net = Partial<Record<'Private' | (typeof NEEDS_PRIVATE)[number], unknown>>;

/** Contradictions inside [Network] (each a message), refused before anything is written. */
export function networkConflicts(n: Net): string[] {
  const out: string[] = [];
  const veth = n.VirtualEthernet ?? (n.Private === 'no' ? 'no' : 'yes');
  const needing = NEEDS_VETH.filter((k) => n[k] !== undefined);
  if (veth === 'no' && needing.length > 0) {
    out.push(`${needing.join(', ')} need${needing.length === 1 ? 's' : ''} the virtual Ethernet link, but VirtualEthernet is no${n.VirtualEthernet === undefined ? ' (Private is no)' : ''}`);
  }
  if (n.Private === 'no') {
    const priv = NEEDS_PRIVATE.filter((k) => n[k] !== undefined && !(k === 'VirtualEthernet' && n[k] === 'no'));
    if (priv.length > 0) out.push(`${priv.join(', ')} ${priv.length === 1 ? 'implies' : 'imply'} a private network (Private=yes), but Private is no`);
  }
  if (n.Bridge !== undefined && n.Zone !== undefined) out.push('Bridge and Zone cannot both be set (each puts the host side of the veth link on a bridge)');
  return out;
}

/** The VirtualEthernet= value written with a [Network] section: the user's, else yes unless Private=no. */
export function virtualEthernetFor(n: Net): 'yes' | 'no' {
  const set = n.VirtualEthernet;
  if (set === 'yes' || set === 'no') return set;
  return n.Private === 'no' ? 'no' : 'yes';
}

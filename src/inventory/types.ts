/** The inventory model, after loading and merging every source. */

export interface InventoryGroup {
  name: string;
  /** Hosts listed directly in this group. */
  hosts: string[];
  /** Child group names. */
  children: string[];
  /** Group vars (inline + group_vars/), not yet merged with parents. */
  vars: Record<string, unknown>;
}

export interface InventoryHost {
  name: string;
  /** Host vars (inline + host_vars/), not merged with groups. */
  vars: Record<string, unknown>;
}

export interface Inventory {
  /** Source files/directories, for messages. */
  sources: string[];
  /** Hosts in the order they first appear. */
  hosts: Map<string, InventoryHost>;
  /** Every group including 'all' and 'ungrouped'. */
  groups: Map<string, InventoryGroup>;
  /**
   * The group_vars/ and host_vars/ found beside the sources, in source order. Their values are also
   * in the group and host `vars` above; they are kept apart so hostVars can layer them as Ansible
   * does (all inline group vars < group_vars/all < group_vars/GROUP; host inline < host_vars/HOST).
   * Optional: an inventory built without it gets the plain all < parent < child < host order.
   */
  varsDirs?: VarsDirs[];
}

/** group_vars/ and host_vars/ of one directory: entity name → its variables (files merged). */
export interface VarsDirs {
  group: Record<string, Record<string, unknown>>;
  host: Record<string, Record<string, unknown>>;
}

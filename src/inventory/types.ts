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
}

/** The inventory model, after loading and merging every source. */
import type { ValidationError } from '../util/errors.js';

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
  /**
   * Literal connection values that can never connect (an ansible_port of 'abc': conn-vars.ts), kept
   * located with the group or host whose inline vars set them. The values stay in `vars` as Ansible
   * keeps them: only a host a run targets is refused for them (hostConnProblems), and only when the
   * value is the one in effect for that host.
   */
  problems?: ConnProblems;
}

/** Located problems of literal values: group or host name → variable → what is wrong with its value. */
export interface ConnProblems {
  group: Map<string, Map<string, ValidationError>>;
  host: Map<string, Map<string, ValidationError>>;
}

/** group_vars/ and host_vars/ of one directory: entity name → its variables (files merged). */
export interface VarsDirs {
  group: Record<string, Record<string, unknown>>;
  host: Record<string, Record<string, unknown>>;
  /** The problems of the literal connection values these files set (absent when there are none). */
  problems?: ConnProblems;
}

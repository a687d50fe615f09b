/**
 * The filter and test names that exist in Ansible: Jinja2's builtins, ansible-core's (ansible.builtin),
 * the short names ansible-core routes to collections, and the plugins of common collections
 * (ansible.utils, ansible.netcommon, community.general). A name machinist lacks but that is listed
 * here is valid in Ansible: it is not refused up front (a task using it fails only if it runs).
 * Sources: jinja2 filters.py FILTERS and tests.py TESTS; ansible-core lib/ansible/plugins/filter and
 * plugins/test (core.py, mathstuff.py, urls.py, urlsplit.py, encryption.py, files.py, uri.py);
 * ansible_builtin_runtime.yml (filter redirects); each collection's plugins/filter and plugins/test.
 */

const words = (s: string): string[] => s.trim().split(/\s+/);

const JINJA2_FILTERS = words(`
  abs attr batch capitalize center count d default dictsort e escape filesizeformat first float
  forceescape format groupby indent int join last length list lower items map min max pprint random
  reject rejectattr replace reverse round safe select selectattr slice sort string striptags sum title
  trim truncate unique upper urlencode urlize wordcount wordwrap xmlattr tojson`);

const JINJA2_TESTS = words(`
  odd even divisibleby defined undefined filter test none boolean false true integer float lower upper
  string mapping number sequence iterable callable sameas escaped in == eq equalto != ne > gt
  greaterthan ge >= < lt lessthan <= le`);

const BUILTIN_FILTERS = words(`
  b64decode b64encode to_uuid to_json to_nice_json from_json to_yaml to_nice_yaml from_yaml
  from_yaml_all basename dirname expanduser expandvars path_join realpath relpath splitext win_basename
  win_dirname win_splitdrive commonpath normpath fileglob bool to_datetime strftime quote md5 sha1
  checksum password_hash hash regex_replace regex_escape regex_search regex_findall ternary random
  shuffle mandatory comment type_debug combine extract flatten dict2items items2dict subelements split
  log pow root unique intersect difference symmetric_difference union product permutations combinations
  human_readable human_to_bytes rekey_on_member zip zip_longest urldecode urlsplit vault unvault`);

const BUILTIN_TESTS = words(`
  failed failure succeeded success successful reachable unreachable timedout changed change skipped
  skip finished started match search regex version_compare version any all truthy falsy vault_encrypted
  vaulted_file directory is_dir file is_file link is_link exists link_exists abs is_abs same_file
  is_same_file mount is_mount subset issubset superset issuperset contains nan isnan uri url urn`);

/** Short names ansible-core redirects to a collection (ansible_builtin_runtime.yml). */
const REDIRECTED_FILTERS = words(`
  json_query random_mac k8s_config_resource_name gcp_kms_encrypt gcp_kms_decrypt cidr_merge ipaddr
  ipmath ipwrap ip4_hex ipv4 ipv6 ipsubnet next_nth_usable network_in_network network_in_usable
  reduce_on_network nthhost previous_nth_usable slaac hwaddr parse_cli parse_cli_textfsm parse_xml
  type5_pw hash_salt comp_type5 vlan_parser`);

const COLLECTION_FILTERS: Record<string, string[]> = {
  'community.general': words(`
    accumulate counter crc32 dict dict_kv from_csv from_ini from_toml groupby_as_dict hashids_decode
    hashids_encode jc json_diff json_patch json_patch_recipe json_query keep_keys lists_difference
    lists_intersect lists_mergeby lists_symmetric_difference lists_union random_mac remove_keys
    replace_keys reveal_ansible_type to_days to_hours to_ini to_milliseconds to_minutes to_months
    to_nice_yaml to_prettytable to_seconds to_time_unit to_toml to_weeks to_yaml to_years
    unicode_normalize version_sort`),
  'ansible.utils': words(`
    cidr_merge consolidate fact_diff from_xml get_path hwaddr index_of ip4_hex ipaddr ipcut ipmath
    ipsubnet ipv4 ipv6 ipv6form ipwrap keep_keys macaddr network_in_network network_in_usable
    next_nth_usable nthhost param_list_compare previous_nth_usable reduce_on_network remove_keys
    replace_keys slaac to_paths to_xml usable_range validate`),
  'ansible.netcommon': words(`
    comp_type5 hash_salt parse_cli parse_cli_textfsm parse_xml pop_ace type5_pw vlan_expander vlan_parser`),
};

const COLLECTION_TESTS: Record<string, string[]> = {
  'community.general': words('a_module ansible_type fqdn_valid'),
  'ansible.utils': words(`
    in_any_network in_network in_one_network ip ip_address ipv4 ipv4_address ipv4_hostmask
    ipv4_netmask ipv6 ipv6_address ipv6_ipv4_mapped ipv6_sixtofour ipv6_teredo loopback mac multicast
    private public reserved resolvable subnet_of supernet_of unspecified validate`),
  'ansible.netcommon': [],
};

export type PluginKind = 'filter' | 'test';

const BUILTIN: Record<PluginKind, Set<string>> = {
  filter: new Set([...JINJA2_FILTERS, ...BUILTIN_FILTERS]),
  test: new Set([...JINJA2_TESTS, ...BUILTIN_TESTS]),
};
const COLLECTIONS: Record<PluginKind, Record<string, string[]>> = { filter: COLLECTION_FILTERS, test: COLLECTION_TESTS };

/** Short names valid in Ansible (builtins, redirects, and the listed collections' plugins, which roles can name short). */
const SHORT: Record<PluginKind, Set<string>> = {
  filter: new Set([...BUILTIN.filter, ...REDIRECTED_FILTERS, ...Object.values(COLLECTION_FILTERS).flat()]),
  test: new Set([...BUILTIN.test, ...Object.values(COLLECTION_TESTS).flat()]),
};

/**
 * What Ansible makes of a filter or test name:
 * - 'known': it exists in Ansible (a builtin, or a plugin of a listed collection);
 * - 'unknown': it certainly does not (with the names it may have been meant to be);
 * - 'foreign': a collection this list does not cover (namespace.collection.name), it may exist.
 */
export function ansibleName(kind: PluginKind, name: string): { status: 'known' | 'foreign' } | { status: 'unknown'; candidates: string[]; prefix: string } {
  const parts = name.split('.');
  if (parts.length === 1) return SHORT[kind].has(name) ? { status: 'known' } : { status: 'unknown', candidates: [...SHORT[kind]], prefix: '' };
  if (parts.length !== 3) return { status: 'unknown', candidates: [], prefix: '' };
  const collection = `${parts[0]}.${parts[1]}`;
  const prefix = `${collection}.`;
  if (collection === 'ansible.builtin' || collection === 'ansible.legacy') {
    return BUILTIN[kind].has(parts[2]) ? { status: 'known' } : { status: 'unknown', candidates: [...BUILTIN[kind]], prefix };
  }
  const listed = COLLECTIONS[kind][collection];
  if (!listed) return { status: 'foreign' };
  return listed.includes(parts[2]) ? { status: 'known' } : { status: 'unknown', candidates: listed, prefix };
}

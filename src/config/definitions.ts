/**
 * The settings of ansible.cfg and ANSIBLE_* that machinist reads, with Ansible's names, sections,
 * environment variables, types and defaults (ansible-core 2.14's config/base.yml). `use` says what
 * machinist does with one: `applied` (it takes effect, as in Ansible), `ignored` (it changes nothing
 * machinist does: output colours, retry files, Python interpreters, ssh plumbing; accepted silently) or
 * `unsupported` (it would change what a run does in Ansible, machinist cannot: a warning before the run
 * when it is set to anything but its default). Keys that are not listed are ignored, as Ansible ignores
 * keys it does not know.
 */

export type SettingType = 'boolean' | 'integer' | 'string' | 'path' | 'pathspec' | 'pathlist' | 'list';

export interface SettingDef {
  name: string;
  type: SettingType;
  ini?: [section: string, key: string];
  env?: string[];
  default?: unknown;
  choices?: string[];
  use: 'applied' | 'ignored' | 'unsupported';
  /** How machinist uses it (shown by `machinist config`). */
  how?: string;
}

const d = (
  name: string,
  type: SettingType,
  ini: [string, string] | undefined,
  env: string[],
  def: unknown,
  use: SettingDef['use'],
  how?: string,
  choices?: string[],
): SettingDef => ({ name, type, ini, env, default: def, use, how, choices });

export const SETTINGS: SettingDef[] = [
  d('DEFAULT_HOST_LIST', 'pathlist', ['defaults', 'inventory'], ['ANSIBLE_INVENTORY'], undefined, 'applied', '-i when none is given'),
  d('DEFAULT_REMOTE_USER', 'string', ['defaults', 'remote_user'], ['ANSIBLE_REMOTE_USER'], undefined, 'applied', '-u'),
  d('DEFAULT_PRIVATE_KEY_FILE', 'path', ['defaults', 'private_key_file'], ['ANSIBLE_PRIVATE_KEY_FILE'], undefined, 'applied', '--private-key'),
  d('DEFAULT_FORKS', 'integer', ['defaults', 'forks'], ['ANSIBLE_FORKS'], 5, 'applied', '-f (machinist\'s own default is 50)'),
  d('DEFAULT_TIMEOUT', 'integer', ['defaults', 'timeout'], ['ANSIBLE_TIMEOUT'], 10, 'applied', '-T'),
  d('HOST_KEY_CHECKING', 'boolean', ['defaults', 'host_key_checking'], ['ANSIBLE_HOST_KEY_CHECKING'], true, 'applied', 'false: --host-key-checking accept-new (a changed key is still refused)'),
  d('DEFAULT_ASK_PASS', 'boolean', ['defaults', 'ask_pass'], ['ANSIBLE_ASK_PASS'], false, 'applied', '-k'),
  d('CONNECTION_PASSWORD_FILE', 'path', ['defaults', 'connection_password_file'], ['ANSIBLE_CONNECTION_PASSWORD_FILE'], undefined, 'applied', 'the SSH password, read from the file'),
  d('DEFAULT_BECOME', 'boolean', ['privilege_escalation', 'become'], ['ANSIBLE_BECOME'], false, 'applied', '-b'),
  d('DEFAULT_BECOME_USER', 'string', ['privilege_escalation', 'become_user'], ['ANSIBLE_BECOME_USER'], 'root', 'applied', '--become-user'),
  d('DEFAULT_BECOME_ASK_PASS', 'boolean', ['privilege_escalation', 'become_ask_pass'], ['ANSIBLE_BECOME_ASK_PASS'], false, 'applied', '-K'),
  d('BECOME_PASSWORD_FILE', 'path', ['defaults', 'become_password_file'], ['ANSIBLE_BECOME_PASSWORD_FILE'], undefined, 'applied', 'the become password, read from the file'),
  d('DEFAULT_BECOME_METHOD', 'string', ['privilege_escalation', 'become_method'], ['ANSIBLE_BECOME_METHOD'], 'sudo', 'unsupported', 'machinist becomes with sudo'),
  d('DEFAULT_ROLES_PATH', 'pathspec', ['defaults', 'roles_path'], ['ANSIBLE_ROLES_PATH'], ['~/.ansible/roles', '/usr/share/ansible/roles', '/etc/ansible/roles'], 'applied', 'where roles are searched (after roles/ beside the playbook)'),
  d('DEFAULT_MODULE_PATH', 'pathspec', ['defaults', 'library'], ['ANSIBLE_LIBRARY'], [], 'applied', "where a name is recognised as a custom module (warned, failed if it runs); Ansible's default folders are not searched"),
  d('DEFAULT_ACTION_PLUGIN_PATH', 'pathspec', ['defaults', 'action_plugins'], ['ANSIBLE_ACTION_PLUGINS'], [], 'applied', 'where a name is recognised as a custom action plugin (as library)'),
  d('DEFAULT_GATHERING', 'string', ['defaults', 'gathering'], ['ANSIBLE_GATHERING'], 'implicit', 'applied', 'plays without gather_facts', ['implicit', 'explicit', 'smart']),
  d('DEFAULT_JINJA2_NATIVE', 'boolean', ['defaults', 'jinja2_native'], ['ANSIBLE_JINJA2_NATIVE'], false, 'applied', 'templates keep native types'),
  d('ANY_ERRORS_FATAL', 'boolean', ['defaults', 'any_errors_fatal'], ['ANSIBLE_ANY_ERRORS_FATAL'], false, 'applied', 'plays without any_errors_fatal'),
  d('DEFAULT_STRATEGY', 'string', ['defaults', 'strategy'], ['ANSIBLE_STRATEGY'], 'linear', 'applied', 'plays without strategy'),
  d('TAGS_RUN', 'list', ['tags', 'run'], ['ANSIBLE_RUN_TAGS'], [], 'applied', '-t'),
  d('TAGS_SKIP', 'list', ['tags', 'skip'], ['ANSIBLE_SKIP_TAGS'], [], 'applied', '--skip-tags'),
  d('DEFAULT_VERBOSITY', 'integer', ['defaults', 'verbosity'], ['ANSIBLE_VERBOSITY'], 0, 'applied', '-v'),
  d('DEFAULT_MANAGED_STR', 'string', ['defaults', 'ansible_managed'], [], 'Ansible managed', 'applied', 'the template variable ansible_managed'),
  d('DEFAULT_VAULT_PASSWORD_FILE', 'path', ['defaults', 'vault_password_file'], ['ANSIBLE_VAULT_PASSWORD_FILE'], undefined, 'applied', 'tried after --vault-password-file'),
  d('DEFAULT_VAULT_IDENTITY_LIST', 'list', ['defaults', 'vault_identity_list'], ['ANSIBLE_VAULT_IDENTITY_LIST'], [], 'applied', 'vault ids tried before --vault-id'),
  d('DEFAULT_VAULT_IDENTITY', 'string', ['defaults', 'vault_identity'], ['ANSIBLE_VAULT_IDENTITY'], 'default', 'applied', 'the label of unlabelled passwords'),
  d('DEFAULT_VAULT_ID_MATCH', 'boolean', ['defaults', 'vault_id_match'], ['ANSIBLE_VAULT_ID_MATCH'], false, 'applied', 'only the matching vault id opens an envelope'),
  d('DEFAULT_VAULT_ENCRYPT_IDENTITY', 'string', ['defaults', 'vault_encrypt_identity'], ['ANSIBLE_VAULT_ENCRYPT_IDENTITY'], undefined, 'applied', 'the vault id to encrypt with'),
  d('DEFAULT_ASK_VAULT_PASS', 'boolean', ['defaults', 'ask_vault_pass'], ['ANSIBLE_ASK_VAULT_PASS'], false, 'applied', '--ask-vault-pass'),
  d('DEFAULT_HASH_BEHAVIOUR', 'string', ['defaults', 'hash_behaviour'], ['ANSIBLE_HASH_BEHAVIOUR'], 'replace', 'unsupported', 'variables are replaced, never merged', ['replace', 'merge']),
  d('DEFAULT_FORCE_HANDLERS', 'boolean', ['defaults', 'force_handlers'], ['ANSIBLE_FORCE_HANDLERS'], false, 'unsupported', 'handlers of failed hosts do not run'),
  d('DEFAULT_REMOTE_PORT', 'integer', ['defaults', 'remote_port'], ['ANSIBLE_REMOTE_PORT'], undefined, 'unsupported', 'set ansible_port in the inventory'),
  d('DEFAULT_LOG_PATH', 'path', ['defaults', 'log_path'], ['ANSIBLE_LOG_PATH'], undefined, 'unsupported', 'no log file is written (use --json)'),
  d('DEFAULT_UNDEFINED_VAR_BEHAVIOR', 'boolean', ['defaults', 'error_on_undefined_vars'], ['ANSIBLE_ERROR_ON_UNDEFINED_VARS'], true, 'unsupported', 'an undefined variable is always an error'),
  d('DEFAULT_PRIVATE_ROLE_VARS', 'boolean', ['defaults', 'private_role_vars'], ['ANSIBLE_PRIVATE_ROLE_VARS'], false, 'unsupported', 'role vars are visible to the play, as by default'),
  d('CACHE_PLUGIN', 'string', ['defaults', 'fact_caching'], ['ANSIBLE_CACHE_PLUGIN'], 'memory', 'unsupported', 'facts are kept in memory for the run'),
  d('DEFAULT_STDOUT_CALLBACK', 'string', ['defaults', 'stdout_callback'], ['ANSIBLE_STDOUT_CALLBACK'], 'default', 'ignored', 'machinist has its own views (live, plain, --json)'),
  d('DISPLAY_SKIPPED_HOSTS', 'boolean', ['defaults', 'display_skipped_hosts'], ['ANSIBLE_DISPLAY_SKIPPED_HOSTS'], true, 'ignored'),
  d('ANSIBLE_NOCOLOR', 'boolean', ['defaults', 'nocolor'], ['ANSIBLE_NOCOLOR', 'NO_COLOR'], false, 'ignored'),
  d('ANSIBLE_FORCE_COLOR', 'boolean', ['defaults', 'force_color'], ['ANSIBLE_FORCE_COLOR'], false, 'ignored'),
  d('RETRY_FILES_ENABLED', 'boolean', ['defaults', 'retry_files_enabled'], ['ANSIBLE_RETRY_FILES_ENABLED'], false, 'ignored'),
  d('DEPRECATION_WARNINGS', 'boolean', ['defaults', 'deprecation_warnings'], ['ANSIBLE_DEPRECATION_WARNINGS'], true, 'ignored'),
  d('INTERPRETER_PYTHON', 'string', ['defaults', 'interpreter_python'], ['ANSIBLE_PYTHON_INTERPRETER'], 'auto', 'ignored', 'machinist needs no Python on hosts'),
  d('DEFAULT_LOCAL_TMP', 'path', ['defaults', 'local_tmp'], ['ANSIBLE_LOCAL_TEMP'], undefined, 'ignored'),
  d('DEFAULT_TRANSPORT', 'string', ['defaults', 'transport'], ['ANSIBLE_TRANSPORT'], 'smart', 'ignored', 'hosts are reached over ssh unless ansible_connection says otherwise'),
  d('DEFAULT_GATHER_SUBSET', 'list', ['defaults', 'gather_subset'], ['ANSIBLE_GATHER_SUBSET'], undefined, 'ignored'),
  d('DEFAULT_POLL_INTERVAL', 'integer', ['defaults', 'poll_interval'], ['ANSIBLE_POLL_INTERVAL'], 15, 'ignored'),
  d('DEFAULT_LOAD_CALLBACK_PLUGINS', 'boolean', ['defaults', 'bin_ansible_callbacks'], ['ANSIBLE_LOAD_CALLBACK_PLUGINS'], false, 'ignored'),
  d('HOST_PATTERN_MISMATCH', 'string', ['inventory', 'host_pattern_mismatch'], ['ANSIBLE_HOST_PATTERN_MISMATCH'], 'warning', 'ignored', 'a pattern matching nothing is a warning', ['error', 'warning', 'ignore']),
  d('ANSIBLE_PIPELINING', 'boolean', ['ssh_connection', 'pipelining'], ['ANSIBLE_PIPELINING', 'ANSIBLE_SSH_PIPELINING'], false, 'ignored', 'machinist always feeds commands over one connection'),
  d('SSH_ARGS', 'string', ['ssh_connection', 'ssh_args'], ['ANSIBLE_SSH_ARGS'], undefined, 'ignored', 'machinist speaks SSH itself (ssh2), with ~/.ssh/config'),
  d('SSH_CONTROL_PATH', 'string', ['ssh_connection', 'control_path'], ['ANSIBLE_SSH_CONTROL_PATH'], undefined, 'ignored'),
];

export const SETTING_BY_NAME = new Map(SETTINGS.map((s) => [s.name, s]));

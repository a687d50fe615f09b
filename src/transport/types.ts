/**
 * The contract every connection (ssh2, local, later nspawn) fulfils. Modules and the engine only see
 * this interface. Commands are shell text run by the remote /bin/sh (dash); build them with
 * util/quote.ts `sh`/`quote`, never by string formatting.
 */

export interface BecomeSpec {
  /** Target user (sudo -u). Default root. */
  user: string;
  /** sudo password; fed on stdin behind a random prompt marker, never in argv or logs. */
  password?: string;
}

export interface ExecOptions {
  /** Data written to the command's stdin (after the become password, if any), then EOF. */
  stdin?: string | Buffer;
  /** Run under sudo as this user. */
  become?: BecomeSpec | null;
  /** Extra environment (names validated, values quoted). */
  env?: Record<string, string>;
  /** Working directory (cd before the command; failure to cd fails the command). */
  cwd?: string;
  /** Kill the command after this many ms (rc 124-like failure with timedOut=true). */
  timeoutMs?: number;
  /** Abort (Ctrl-C): the remote command is signalled and the promise rejects with AbortError. */
  signal?: AbortSignal;
}

/** One flat result shape (as execa): the error classes reuse it. */
export interface ExecResult {
  command: string;
  rc: number;
  stdout: string;
  stderr: string;
  /** Raw stdout bytes when the caller needs binary (slurp/fetch use base64 instead where possible). */
  stdoutBuffer?: Buffer;
  signal?: string;
  timedOut?: boolean;
  durationMs: number;
}

export interface PutOptions {
  /** Octal string ("0644") applied before the rename. */
  mode?: string;
  owner?: string;
  group?: string;
  become?: BecomeSpec | null;
  signal?: AbortSignal;
}

export interface GetOptions {
  become?: BecomeSpec | null;
  signal?: AbortSignal;
}

export interface Connection {
  /** Inventory name of the host this connection reaches. */
  readonly host: string;
  /** Open the connection (authenticate, verify host key). Idempotent. Throws UnreachableError. */
  connect(): Promise<void>;
  /** Run shell text on the host. Resolves with rc != 0 too; rejects only for transport failures. */
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /**
   * Write a file atomically: upload to a temporary file in the destination's directory, apply
   * mode/owner/group, rename into place. A run killed at any moment leaves the old or the new file.
   */
  put(dest: string, content: Buffer | string | NodeJS.ReadableStream, opts?: PutOptions): Promise<void>;
  /** Read a whole remote file. */
  get(path: string, opts?: GetOptions): Promise<Buffer>;
  /** Close the connection and every channel. */
  close(): Promise<void>;
}

/** Everything the inventory says about reaching one host (after templating of connection vars). */
export interface ConnectionSpec {
  /** Inventory name (for messages and known_hosts fallback). */
  name: string;
  /** 'ssh' (default), 'local' or 'nspawn'. */
  connection: string;
  host: string;
  port: number;
  user: string;
  password?: string;
  privateKeyFiles: string[];
  /** Extra known_hosts files (--known-hosts, UserKnownHostsFile=). */
  knownHostsFiles: string[];
  hostKeyChecking: 'strict' | 'accept-new' | 'off';
  /** ProxyJump chain as "user@host:port" entries (comma-separated in OpenSSH). */
  proxyJump?: string;
  connectTimeoutMs: number;
  /** Raw ansible_ssh_common_args + ansible_ssh_extra_args, parsed by the transport (-o K=V, -J). */
  sshArgs?: string;
  /** Default become for this host (ansible_become*). */
  become?: BecomeSpec | null;
  /** connection 'nspawn': the inventory host whose connection carries the commands, and the machine. */
  nspawn?: { host: string; machine: string };
}

/** What the command line says about reaching every host (the inventory refines it per host). */
export interface ConnOptions {
  user?: string;
  privateKey?: string;
  knownHostsFiles: string[];
  hostKeyChecking?: 'strict' | 'accept-new' | 'off';
  connectTimeoutMs?: number;
  password?: string;
  askPassphrase?: (keyFile: string) => Promise<string>;
  /** Host key warnings (accept-new recorded a key, checking off); default: printed on stderr. */
  warn?: (host: string, message: string) => void;
  /** ssh_config file to read (default ~/.ssh/config; '' for none). */
  sshConfigFile?: string;
}

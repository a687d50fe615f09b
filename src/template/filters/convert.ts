/**
 * Ansible's core.py conversions: base64 with an encoding, hashes, password_hash (crypt's hashes),
 * to_uuid (uuid5), to_datetime and strftime, from_yaml_all, fileglob; with Ansible's messages.
 */
import { createHash } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { md5Crypt, randomSalt, shaCrypt } from '../../py/crypt.js';
import { strptime, StrptimeError } from '../../py/datetime.js';
import { glob, isFile } from '../../py/glob.js';
import { TemplateError } from '../errors.js';
import { bind } from '../args.js';
import { defineFilters } from '../registry.js';
import { pyStr, truthy, typeName } from '../pyvalues.js';
import { strftime } from '../now.js';
import { toFloat } from './core.js';

/** Python codec names as Node's Buffer encodings. */
function encoding(name: unknown): BufferEncoding {
  const n = pyStr(name).toLowerCase().replace(/_/g, '-');
  const map: Record<string, BufferEncoding> = {
    'utf-8': 'utf8', utf8: 'utf8', 'utf-16-le': 'utf16le', 'utf-16le': 'utf16le', 'latin-1': 'latin1', latin1: 'latin1',
    'iso-8859-1': 'latin1', ascii: 'ascii', 'us-ascii': 'ascii',
  };
  const e = map[n];
  if (!e) throw new TemplateError(`unknown encoding: ${pyStr(name)}`);
  return e;
}

function hash(v: unknown, algo: string): string {
  try {
    return createHash(algo.toLowerCase()).update(pyStr(v), 'utf8').digest('hex');
  } catch {
    throw new TemplateError(`unsupported hash type ${algo}`);
  }
}

const ANSIBLE_NAMESPACE = '361e6d51-faec-444a-9079-341386da8e2e';

/** uuid.uuid5(namespace, name). */
export function uuid5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

function uuidNamespace(v: unknown): string {
  if (typeof v !== 'string') throw new TemplateError(`Invalid value '${pyStr(v)}' for 'namespace': '${typeName(v)}' object has no attribute 'replace'`);
  const hex = v.replace(/^urn:uuid:/, '').replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TemplateError(`Invalid value '${v}' for 'namespace': badly formed hexadecimal UUID string`);
  return hex.toLowerCase();
}

const CRYPT_ALGOS: Record<string, { saltSize: number; hash: (pw: string, salt: string, rounds: number | null) => string }> = {
  sha512_crypt: { saltSize: 16, hash: (pw, salt, rounds) => shaCrypt(pw, salt, 512, rounds) },
  sha256_crypt: { saltSize: 16, hash: (pw, salt, rounds) => shaCrypt(pw, salt, 256, rounds) },
  md5_crypt: { saltSize: 8, hash: (pw, salt) => md5Crypt(pw, salt) },
};
const PASSLIB_NAMES: Record<string, string> = { md5: 'md5_crypt', sha256: 'sha256_crypt', sha512: 'sha512_crypt', blowfish: 'bcrypt' };

/** get_encrypted_password as Ansible does it with Python's crypt (rounds: crypt's 5000 unless given). */
function passwordHash(password: unknown, ...args: unknown[]): string {
  const a = bind('password_hash', args, ['hashtype', 'salt', 'salt_size', 'rounds', 'ident'], { hashtype: 'sha512', salt: null, salt_size: null, rounds: null, ident: null });
  const algo = PASSLIB_NAMES[pyStr(a.hashtype)] ?? pyStr(a.hashtype);
  const impl = CRYPT_ALGOS[algo];
  if (!impl) throw new TemplateError(`crypt.crypt does not support '${algo}' algorithm`);
  for (const k of ['salt_size', 'rounds'] as const) {
    if (a[k] !== null && (typeof a[k] !== 'number' || !Number.isInteger(a[k]))) throw new TemplateError(`'<' not supported between instances of '${typeName(a[k])}' and 'int'`);
  }
  const size = truthy(a.salt_size) ? Number(a.salt_size) : impl.saltSize;
  const salt = truthy(a.salt) ? pyStr(a.salt) : randomSalt(size);
  if (/[^./0-9A-Za-z]/.test(salt)) throw new TemplateError('invalid characters in salt');
  if (salt.length > impl.saltSize) throw new TemplateError('invalid salt size');
  const rounds = a.rounds === null || a.rounds === 5000 ? null : Number(a.rounds);
  return impl.hash(pyStr(password), salt, rounds);
}

defineFilters({
  b64encode: (v, ...args) => Buffer.from(pyStr(v), encoding(bind('b64encode', args, ['encoding'], { encoding: 'utf-8' }).encoding)).toString('base64'),
  b64decode: (v, ...args) => Buffer.from(pyStr(v), 'base64').toString(encoding(bind('b64decode', args, ['encoding'], { encoding: 'utf-8' }).encoding)),
  hash: (v, ...args) => hash(v, pyStr(bind('hash', args, ['hashtype'], { hashtype: 'sha1' }).hashtype)),
  checksum: (v) => hash(v, 'sha1'),
  sha1: (v) => hash(v, 'sha1'),
  md5: (v) => hash(v, 'md5'),
  password_hash: passwordHash,
  to_uuid: (v, ...args) => {
    const a = bind('to_uuid', args, ['namespace'], { namespace: ANSIBLE_NAMESPACE });
    return uuid5(uuidNamespace(a.namespace), pyStr(v));
  },
  to_datetime: (v, ...args) => {
    const a = bind('to_datetime', args, ['format'], { format: '%Y-%m-%d %H:%M:%S' });
    if (typeof v !== 'string') throw new TemplateError(`strptime() argument 1 must be str, not ${typeName(v)}`);
    try {
      return strptime(v, pyStr(a.format));
    } catch (e) {
      if (e instanceof StrptimeError) throw new TemplateError(e.message);
      throw e;
    }
  },
  strftime: (v, ...args) => {
    const a = bind('strftime', args, ['second', 'utc'], { second: null, utc: false });
    let ms = Date.now();
    if (a.second !== null) {
      const s = toFloat(a.second, null);
      if (typeof s !== 'number' || !Number.isFinite(s)) throw new TemplateError(`Invalid value for epoch value (${pyStr(a.second)})`);
      ms = Math.floor(s) * 1000;
    }
    return strftime(pyStr(v), new Date(ms), truthy(a.utc), 0);
  },
  from_yaml_all: (v) => {
    if (typeof v !== 'string') return v;
    const docs = parseAllDocuments(v);
    if (!Array.isArray(docs)) return [];
    for (const d of docs) if (d.errors.length) throw new TemplateError(`from_yaml_all: ${d.errors[0].message.split('\n')[0]}`);
    return docs.map((d) => d.toJS() ?? null);
  },
  fileglob: (v) => glob(pyStr(v)).filter(isFile),
});

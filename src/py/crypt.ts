/**
 * crypt(3)'s password hashes as Python's crypt.crypt makes them (what Ansible's password_hash filter
 * uses without passlib): md5_crypt ($1$), sha256_crypt ($5$) and sha512_crypt ($6$, Ulrich Drepper's
 * "Unix crypt using SHA-256 and SHA-512"), with the usual ./0-9A-Za-z salt alphabet.
 */
import { createHash, randomInt } from 'node:crypto';

const B64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const SALT_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./';

/** A random salt of `size` characters from the crypt alphabet. */
export function randomSalt(size: number): string {
  return Array.from({ length: size }, () => SALT_CHARS[randomInt(SALT_CHARS.length)]).join('');
}

/** The crypt base-64 of byte triples taken in the given order (each group: indices, characters out). */
function encode(bytes: Buffer, groups: Array<[number[], number]>): string {
  let out = '';
  for (const [idx, n] of groups) {
    let w = 0;
    for (const i of idx) w = (w << 8) | bytes[i];
    for (let k = 0; k < n; k++, w >>>= 6) out += B64[w & 0x3f];
  }
  return out;
}

const SHA512_ORDER: Array<[number[], number]> = [
  ...Array.from({ length: 21 }, (_, i): [number[], number] => {
    const t = [i, i + 21, i + 42];
    return [[0, 1, 2].map((k) => t[(i + k) % 3]), 4];
  }),
  [[63], 2],
];

const SHA256_ORDER: Array<[number[], number]> = [
  ...Array.from({ length: 10 }, (_, i): [number[], number] => {
    const t = [i, i + 10, i + 20];
    return [[0, 1, 2].map((k) => t[(((k - i) % 3) + 3) % 3]), 4];
  }),
  [[31, 30], 3],
];

const MD5_ORDER: Array<[number[], number]> = [
  [[0, 6, 12], 4],
  [[1, 7, 13], 4],
  [[2, 8, 14], 4],
  [[3, 9, 15], 4],
  [[4, 10, 5], 4],
  [[11], 2],
];

const digest = (algo: string, ...parts: Buffer[]): Buffer => {
  const h = createHash(algo);
  for (const p of parts) h.update(p);
  return h.digest();
};

/** n bytes of `block` repeated. */
const stretch = (block: Buffer, n: number): Buffer => Buffer.concat(Array.from({ length: Math.ceil(n / block.length) || 0 }, () => block)).subarray(0, n);

/** sha256_crypt / sha512_crypt; rounds null: the implicit 5000 (not written out). */
export function shaCrypt(password: string, salt: string, bits: 256 | 512, rounds: number | null = null): string {
  const algo = bits === 512 ? 'sha512' : 'sha256';
  const hlen = bits / 8;
  const n = rounds === null ? 5000 : Math.min(999999999, Math.max(1000, rounds));
  const P = Buffer.from(password, 'utf8');
  const S = Buffer.from(salt.slice(0, 16), 'utf8');
  const B = digest(algo, P, S, P);
  const a = createHash(algo).update(P).update(S);
  for (let i = P.length; i > 0; i -= hlen) a.update(i > hlen ? B : B.subarray(0, i));
  for (let i = P.length; i > 0; i >>= 1) a.update(i & 1 ? B : P);
  const A = a.digest();
  const PP = stretch(digest(algo, ...Array.from({ length: P.length }, () => P)), P.length);
  const SS = stretch(digest(algo, ...Array.from({ length: 16 + A[0] }, () => S)), S.length);
  let C = A;
  for (let r = 0; r < n; r++) {
    const h = createHash(algo).update(r & 1 ? PP : C);
    if (r % 3) h.update(SS);
    if (r % 7) h.update(PP);
    C = h.update(r & 1 ? C : PP).digest();
  }
  const head = `$${bits === 512 ? 6 : 5}$${rounds === null ? '' : `rounds=${n}$`}${S.toString('utf8')}$`;
  return head + encode(C, bits === 512 ? SHA512_ORDER : SHA256_ORDER);
}

/** md5_crypt ($1$, Poul-Henning Kamp's). */
export function md5Crypt(password: string, salt: string): string {
  const P = Buffer.from(password, 'utf8');
  const S = Buffer.from(salt.slice(0, 8), 'utf8');
  const magic = Buffer.from('$1$');
  const alt = digest('md5', P, S, P);
  const ctx = createHash('md5').update(P).update(magic).update(S);
  for (let pl = P.length; pl > 0; pl -= 16) ctx.update(alt.subarray(0, Math.min(16, pl)));
  for (let i = P.length; i; i >>= 1) ctx.update(i & 1 ? Buffer.from([0]) : P.subarray(0, 1));
  let fin = ctx.digest();
  for (let i = 0; i < 1000; i++) {
    const c = createHash('md5').update(i & 1 ? P : fin);
    if (i % 3) c.update(S);
    if (i % 7) c.update(P);
    fin = c.update(i & 1 ? fin : P).digest();
  }
  return `$1$${S.toString('utf8')}$${encode(fin, MD5_ORDER)}`;
}

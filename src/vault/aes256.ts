/**
 * Ansible Vault's AES256 cipher (VaultAES256 in ansible-core), with node's crypto: the password and
 * a 32-byte random salt give 80 bytes by PBKDF2-HMAC-SHA256 (10000 iterations): the AES-256 key,
 * the HMAC key and the 16-byte counter block. The plaintext, PKCS7-padded to 16 bytes, is encrypted
 * with AES-256-CTR and authenticated with HMAC-SHA256 over the ciphertext. The vaulttext is
 * hexlify(hexlify(salt) \n hexlify(hmac) \n hexlify(ciphertext)).
 */
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { VaultError, VaultFormatError } from './envelope.js';

const ITERATIONS = 10000;
const KEY_LENGTH = 32;
const IV_LENGTH = 16;
const BLOCK = 16;

function keys(password: Buffer, salt: Buffer): { cipherKey: Buffer; hmacKey: Buffer; iv: Buffer } {
  const derived = pbkdf2Sync(password, salt, ITERATIONS, 2 * KEY_LENGTH + IV_LENGTH, 'sha256');
  return {
    cipherKey: derived.subarray(0, KEY_LENGTH),
    hmacKey: derived.subarray(KEY_LENGTH, 2 * KEY_LENGTH),
    iv: derived.subarray(2 * KEY_LENGTH),
  };
}

/** Python's binascii.unhexlify: an even number of hex digits, else a format error. */
function unhexlify(hex: string): Buffer {
  if (hex.length % 2 !== 0) throw new VaultFormatError('Vault format unhexlify error: Odd-length string');
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new VaultFormatError('Vault format unhexlify error: Non-hexadecimal digit found');
  return Buffer.from(hex, 'hex');
}

function pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function unpad(data: Buffer): Buffer {
  const n = data.length ? data[data.length - 1] : 0;
  if (n < 1 || n > BLOCK || n > data.length || !data.subarray(data.length - n).every((b) => b === n)) {
    throw new VaultError('Decryption failed: invalid padding');
  }
  return data.subarray(0, data.length - n);
}

/** The hexlified vaulttext of `plaintext` (the envelope's body, not yet wrapped). */
export function encryptAes256(plaintext: Buffer, password: Buffer, salt: Buffer = randomBytes(32)): string {
  if (salt.length === 0) throw new VaultError('Empty or invalid salt passed to encrypt()');
  const { cipherKey, hmacKey, iv } = keys(password, salt);
  const cipher = createCipheriv('aes-256-ctr', cipherKey, iv);
  const ciphertext = Buffer.concat([cipher.update(pad(plaintext)), cipher.final()]);
  const hmac = createHmac('sha256', hmacKey).update(ciphertext).digest();
  const inner = [salt.toString('hex'), hmac.toString('hex'), ciphertext.toString('hex')].join('\n');
  return Buffer.from(inner, 'latin1').toString('hex');
}

/**
 * The plaintext of a hexlified vaulttext. A password that does not open it is a VaultError ("HMAC
 * verification failed"); a body that is not a vaulttext is a VaultFormatError.
 */
export function decryptAes256(body: string, password: Buffer): Buffer {
  const inner = unhexlify(body).toString('latin1');
  const parts = inner.split('\n');
  if (parts.length < 3) throw new VaultFormatError('Vault vaulttext format error: not enough values to unpack (expected 3)');
  const [saltHex, hmacHex, ...rest] = parts;
  const salt = unhexlify(saltHex);
  const ciphertext = unhexlify(rest.join('\n'));
  const { cipherKey, hmacKey, iv } = keys(password, salt);
  const expected = createHmac('sha256', hmacKey).update(ciphertext).digest();
  const given = unhexlify(hmacHex);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new VaultError('HMAC verification failed');
  const decipher = createDecipheriv('aes-256-ctr', cipherKey, iv);
  return unpad(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
}

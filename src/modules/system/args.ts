/**
 * Argument helpers of the system modules: the user and group names the system tools accept (checked
 * before anything reaches a shell) and numeric ids. What every family shares is in modules/kit/.
 */
import { z } from 'zod';

/** A user or group name as useradd/groupadd accept them (Debian's relaxed rule, no leading '-'). */
export const ACCOUNT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;

export const accountName = z
  .string({ invalid_type_error: 'expected a user or group name (string)' })
  .min(1, 'the name is empty')
  .max(32, 'a user or group name has at most 32 characters')
  .regex(ACCOUNT_NAME, 'not a valid user or group name (letters, digits, _ . - ; not starting with a digit or -)');

/** A numeric id (uid/gid), also written as a string. */
export const idArg = z.preprocess(
  (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
  z.number({ invalid_type_error: 'expected a numeric id' }).int().nonnegative().max(4294967294),
);

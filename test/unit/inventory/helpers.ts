/** Shared bits of the inventory unit tests. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ValidationError, ValidationErrors, formatLocated } from '../../../src/util/errors.js';
import { InventoryBuilder } from '../../../src/inventory/builder.js';
import type { Inventory } from '../../../src/inventory/types.js';

/** A fixture path relative to the working directory (messages then name no absolute path). */
export function fixture(rel: string): string {
  return path.relative(process.cwd(), fileURLToPath(new URL(`./fixtures/${rel}`, import.meta.url)));
}

/** Run a parser on a fresh builder; the inventory and the problems it reported. */
export function parseWith(parse: (text: string, file: string, b: InventoryBuilder) => ValidationError[], text: string, file: string): { inv: Inventory; errors: ValidationError[] } {
  const b = new InventoryBuilder();
  const errors = parse(text, file, b);
  return { inv: b.finish([file], []), errors };
}

/** The ValidationErrors a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<ValidationError[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ValidationErrors) return e.errors;
    if (e instanceof ValidationError) return [e];
    throw e;
  }
  expect.unreachable('expected a validation error');
  return [];
}

export function formatted(errors: ValidationError[]): string {
  return errors.map(formatLocated).join('\n\n');
}

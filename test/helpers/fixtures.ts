/**
 * The one fixture loader: output captured from real hosts (probes, apt-get, /proc...) kept in the
 * fixtures/ folder of a test folder under test/unit. `fixtures('modules/nspawn')` reads
 * test/unit/modules/nspawn/fixtures/NAME, from any test, wherever it sits.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const UNIT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'unit');

/** The reader of one fixtures folder: a fixture's name gives its text. */
export function fixtures(folder: string): (name: string) => string {
  const dir = path.join(UNIT, folder, 'fixtures');
  return (name) => readFileSync(path.join(dir, name), 'utf8');
}

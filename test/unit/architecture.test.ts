/**
 * The import rules of src/ (.dependency-cruiser.cjs: layers point down, no cycles, module families
 * side by side, no orphans), checked with dependency-cruiser: the tree as it is passes, with the
 * checker's own report when it does not, and with no exception listed; and a table of imports
 * written into a scratch tree shows that each rule refuses what it should and lets the rest through.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, format, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
// cruising all of src/ takes seconds, more on a loaded machine
const CRUISE_TIMEOUT_MS = 120_000;

async function cruiseIn(baseDir: string, options: ICruiseOptions): Promise<ICruiseResult> {
  const r = await cruise(['src'], { ...options, baseDir, outputType: 'json' });
  return JSON.parse(String(r.output)) as ICruiseResult;
}

const isError = (v: IViolation) => v.rule.severity === 'error';

describe('the import rules of src/', () => {
  let options: ICruiseOptions;
  let result: ICruiseResult;
  beforeAll(async () => {
    options = await extractDepcruiseOptions(CONFIG);
    result = await cruiseIn(ROOT, options);
  }, CRUISE_TIMEOUT_MS);

  it('hold for the tree as it is', async () => {
    const errors = result.summary.violations.filter(isError);
    const report = errors.length ? String((await format(result, { outputType: 'err-long' })).output) : '';
    expect(errors.length, `dependency-cruiser (.dependency-cruiser.cjs) reports:\n${report}`).toBe(0);
    // the cruise really read the tree (a wrong base directory would find nothing and pass)
    expect(result.summary.totalCruised).toBeGreaterThan(100);
  });

  it('allow no exceptions', () => {
    expect(options.knownViolations ?? [], 'known violations make an import that breaks a rule pass: fix the import instead').toEqual([]);
  });
});

interface Case {
  from: string;
  /** The imported file; none: `from` imports nothing and nothing imports it. */
  to?: string;
  /** `import type` instead of a value import. */
  typeOnly?: boolean;
  /** The rule that refuses the import; null: allowed. */
  rule: string | null;
}

const CASES: Case[] = [
  // layers point down
  { from: 'src/transport/a.ts', to: 'src/modules/nspawn/guest.ts', rule: 'layers-transport' },
  { from: 'src/template/a.ts', to: 'src/modules/files/regex.ts', rule: 'layers-template' },
  { from: 'src/util/a.ts', to: 'src/py/a.ts', rule: 'layers-util' },
  { from: 'src/engine/a.ts', to: 'src/ui/a.ts', rule: 'layers-engine' },
  { from: 'src/playbook/a.ts', to: 'src/engine/b.ts', rule: 'layers-playbook' },
  { from: 'src/facts/a.ts', to: 'src/engine/c.ts', typeOnly: true, rule: 'layers-facts' },
  { from: 'src/template/b.ts', to: 'src/transport/b.ts', rule: 'layers-template' },
  { from: 'src/inventory/a.ts', to: 'src/playbook/b.ts', rule: 'layers-inventory' },
  { from: 'src/newfolder/a.ts', to: 'src/util/b.ts', rule: 'layers-unplaced' },
  { from: 'src/py/b.ts', to: 'src/util/c.ts', rule: null },
  { from: 'src/template/c.ts', to: 'src/py/c.ts', rule: null },
  { from: 'src/transport/nspawn/a.ts', to: 'src/transport/types.ts', rule: null },
  { from: 'src/modules/nspawn/a.ts', to: 'src/transport/nspawn/b.ts', rule: null },
  { from: 'src/playbook/c.ts', to: 'src/modules/registry.ts', rule: null },
  { from: 'src/cli/a.ts', to: 'src/engine/d.ts', rule: null },
  // cycles, type-only ones too
  { from: 'src/engine/c1.ts', to: 'src/engine/c2.ts', rule: 'no-cycles' },
  { from: 'src/engine/c2.ts', to: 'src/engine/c1.ts', typeOnly: true, rule: 'no-cycles' },
  // module families side by side, sharing the kit
  { from: 'src/modules/files/a.ts', to: 'src/modules/system/b.ts', rule: 'module-families' },
  { from: 'src/modules/commands/a.ts', to: 'src/modules/nspawn/c.ts', typeOnly: true, rule: 'module-families' },
  { from: 'src/modules/files/b.ts', to: 'src/modules/kit/a.ts', rule: null },
  { from: 'src/modules/system/c.ts', to: 'src/modules/types.ts', rule: null },
  { from: 'src/modules/system/d.ts', to: 'src/modules/system/e.ts', rule: null },
  { from: 'src/modules/kit/b.ts', to: 'src/modules/files/c.ts', rule: 'module-kit' },
  { from: 'src/modules/kit/c.ts', to: 'src/modules/registry.ts', rule: 'module-kit' },
  // orphans
  { from: 'src/util/lonely.ts', rule: 'no-orphans' },
];

describe('the import rules, on a scratch tree', () => {
  let dir: string;
  let violations: IViolation[];
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-architecture-'));
    const files = new Map<string, string[]>();
    CASES.forEach((c, i) => {
      const lines = files.get(c.from) ?? [];
      if (c.to) {
        let rel = path.posix.relative(path.posix.dirname(c.from), c.to).replace(/\.ts$/, '.js');
        if (!rel.startsWith('.')) rel = `./${rel}`;
        lines.push(c.typeOnly ? `import type { T as T${i} } from '${rel}';\nexport type U${i} = T${i};` : `import { v as v${i} } from '${rel}';\nexport const u${i} = v${i};`);
        if (!files.has(c.to)) files.set(c.to, []);
      }
      files.set(c.from, lines);
    });
    for (const [file, lines] of files) {
      await fs.mkdir(path.join(dir, path.dirname(file)), { recursive: true });
      await fs.writeFile(path.join(dir, file), [...lines, 'export const v = 1;', 'export type T = number;', ''].join('\n'));
    }
    violations = (await cruiseIn(dir, await extractDepcruiseOptions(CONFIG))).summary.violations;
  }, CRUISE_TIMEOUT_MS);
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it.each(CASES.map((c) => [`${c.from}${c.typeOnly ? ' (type)' : ''} → ${c.to ?? 'nothing'}`, c] as const))('%s', (_, c) => {
    const mine = violations.filter((v) =>
      v.type === 'cycle' ? c.to !== undefined && v.cycle?.some((m) => m.name === c.from) && v.cycle?.some((m) => m.name === c.to) : v.from === c.from && v.to === (c.to ?? c.from),
    );
    const rules = mine.map((v) => v.rule.name);
    expect(rules).toEqual(c.rule ? [c.rule] : []);
  });
});

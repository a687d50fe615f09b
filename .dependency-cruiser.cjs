/**
 * The import rules of src/, checked by dependency-cruiser (`npx depcruise src`, and the unit test
 * test/unit/architecture.test.ts, so a wrong import fails CI). README.md ("Design") explains them.
 *
 * - Layers point down: a folder of src/ imports only itself and the layers below it. Folders on the
 *   same line of LAYERS are side by side and do not import each other. A folder that is not in
 *   LAYERS is refused until it is given its place.
 * - No import cycles (type-only imports count: a cycle of types is still a knot in the design).
 * - Module families (every folder of src/modules/ but kit/) sit side by side: they import
 *   src/modules/types.ts and the shared kit src/modules/kit/, never each other; the kit imports no
 *   family.
 * - No orphans: a file in src/ that nothing imports and that imports nothing is dead weight.
 */

/** The layer order, bottom first. */
const LAYERS = [
  ['util'], // errors, quoting, YAML reading, timeouts: needs nothing of machinist
  ['py', 'vault'], // Python/Ansible value semantics (regex translation, ...); Ansible Vault (crypto, the process's secrets)
  ['config'], // ansible.cfg and ANSIBLE_* settings (read once, used by every part above)
  ['template', 'transport'], // Jinja2 templating; reaching hosts (ssh, local, nspawn guests)
  ['facts'], // gathering facts over a connection
  ['modules'], // the task modules (zod schema + plan), their registry and kit
  ['inventory', 'playbook'], // what the user wrote, read and validated (module arguments included)
  ['engine'], // runs plays; emits events, never prints
  ['ui'], // views of the engine's events
  ['lab'], // the lab of real hosts
  ['cli'], // the command line
];

const KNOWN = LAYERS.flat();
const dir = (names) => `^src/(${names.join('|')})/`;

const layerRules = LAYERS.flatMap((line, i) => {
  const below = LAYERS.slice(0, i).flat();
  return line.map((folder) => ({
    name: `layers-${folder}`,
    comment: `src/${folder} imports only itself and the layers below it (${below.join(', ') || 'none'}): see LAYERS in .dependency-cruiser.cjs`,
    severity: 'error',
    from: { path: dir([folder]) },
    to: { path: '^src/', pathNot: dir([folder, ...below]) },
  }));
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'layers-unplaced',
      comment: `every folder of src/ has its place in the layer order (LAYERS in .dependency-cruiser.cjs): ${KNOWN.join(', ')}`,
      severity: 'error',
      from: { path: '^src/', pathNot: dir(KNOWN) },
      to: {},
    },
    {
      name: 'no-cycles',
      comment: 'an import cycle: move what both sides need into a file of its own (a types file, a lower layer)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'module-families',
      comment: 'module families sit side by side: share code through src/modules/kit/ (or a lower layer), not by importing another family',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/', pathNot: '^src/modules/kit/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/kit/'] },
    },
    {
      name: 'module-kit',
      comment: 'the module kit is shared by every module family, so it imports none of them (nor the registry that lists them)',
      severity: 'error',
      from: { path: '^src/modules/kit/' },
      to: { path: ['^src/modules/[^/]+/', '^src/modules/registry\\.ts$'], pathNot: '^src/modules/kit/' },
    },
    {
      name: 'no-orphans',
      comment: 'nothing imports this file and it imports nothing: remove it, or import it where it is meant to be used',
      severity: 'error',
      from: { orphan: true, path: '^src/' },
      to: {},
    },
  ],
  options: {
    // type-only imports are dependencies too: a lower layer does not know a higher one's types
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
  },
};

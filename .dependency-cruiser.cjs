/**
 * The layering of `src/`, checked by `npm run depcheck` (and in CI). docs/design.md draws it.
 *
 *   domain            the vocabulary and pure rules every feature shares; imports nothing of ours
 *   common, config    HTTP and SQL plumbing, settings; import only the domain
 *   features          each may import only the features in the layers below its own
 *   client            the typed HTTP client, generated from the API document; imports nothing of ours
 *   database          the entity registry and data source: the one place that knows every feature
 *   scripts, app.*    composition: command-line entry points, the Nest application
 */

/** Feature folders, lowest layer first. A folder may import folders of earlier layers only. */
const LAYERS = [
  ['audit', 'idempotency', 'health', 'metrics', 'console'],
  ['api-keys'],
  ['sessions'],
  ['auth'],
  ['corroboration'],
  ['sources'],
  ['stances'],
  ['claims', 'links'],
  ['reviews', 'merges'],
  ['graph', 'stats', 'events', 'bulk', 'claim-pages'],
];
const FEATURES = LAYERS.flat();
const anyOf = (folders) => `^src/(${folders.join('|')})/`;

const layerRules = LAYERS.flatMap((layer, i) => {
  const higher = [...LAYERS.slice(i).flat()];
  return layer.map((folder) => ({
    name: 'feature-layers',
    severity: 'error',
    comment: `${folder}/ may import only features of lower layers (see LAYERS)`,
    from: { path: `^src/${folder}/` },
    to: { path: anyOf(higher.filter((f) => f !== folder)) },
  }));
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No module may reach itself through its imports.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'No two feature folders may import each other, directly or through others.',
      scope: 'folder',
      from: { path: '^src/[^/]+$' },
      to: { circular: true, path: '^src/[^/]+$' },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'The domain vocabulary imports nothing else of the project.',
      from: { path: '^src/domain/' },
      to: { path: '^(src|migrations|bench)/', pathNot: '^src/domain/' },
    },
    {
      name: 'client-stands-alone',
      severity: 'error',
      comment:
        'The typed client runs in browsers and scripts: it speaks HTTP and imports nothing of the server.',
      from: { path: '^src/client/' },
      to: { path: '^(src|migrations|bench)/', pathNot: '^src/client/' },
    },
    {
      name: 'server-speaks-no-client',
      severity: 'error',
      comment: 'Only scripts use the typed client; the server never calls itself through it.',
      from: { path: '^src/', pathNot: '^src/(client|scripts)/' },
      to: { path: '^src/client/' },
    },
    {
      name: 'common-knows-no-feature',
      severity: 'error',
      comment:
        'common/ and config/ are shared plumbing: they import only the domain and each other.',
      from: { path: '^src/(common|config)/' },
      to: { path: '^src/', pathNot: '^src/(common|config|domain)/' },
    },
    {
      name: 'entities-import-vocabulary-only',
      severity: 'error',
      comment:
        'An entity maps a table; it may import the domain and common/, nothing of a feature.',
      from: { path: '\\.entity\\.ts$' },
      to: { path: '^src/', pathNot: '^src/(common|domain)/' },
    },
    {
      name: 'dtos-import-vocabulary-and-dtos',
      severity: 'error',
      comment:
        'A DTO may import the domain, common/, other DTOs and its own feature; nothing else of a feature.',
      from: { path: '^src/([^/]+)/dto/' },
      to: { path: '^src/', pathNot: ['^src/(common|domain)/', '^src/[^/]+/dto/', '^src/$1/'] },
    },
    {
      name: 'dtos-hold-no-logic',
      severity: 'error',
      comment:
        'A DTO describes data: it never imports a service, repository, controller or module.',
      from: { path: '/dto/' },
      to: { path: '\\.(service|repository|controller|module)\\.ts$' },
    },
    {
      name: 'only-composition-knows-the-registry',
      severity: 'error',
      comment:
        'Features do not import database/ (its registry imports them); they get a DataSource.',
      from: { path: anyOf(FEATURES) },
      to: { path: '^src/database/' },
    },
    {
      name: 'nothing-imports-composition',
      severity: 'error',
      comment: 'Nothing below the application imports scripts/ or the app module.',
      from: { path: '^src/', pathNot: '^src/(scripts/|main\\.ts$)' },
      to: { path: '^src/(scripts/|app\\.module\\.ts$|main\\.ts$)' },
    },
    ...layerRules,
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      comment: 'The service never imports the tests.',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};

// Architecture rules, checked in `npm test` (test/unit/architecture.test.ts):
// the analysis core imports nothing of the rules, the LSP layer, the hosts or the file system;
// no import cycles; the editor client imports only pure server modules.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-layer-above',
      comment: 'server/src/core is the pure analysis: the hosts pass the rules and the profiles in.',
      severity: 'error',
      from: { path: '^server/src/core/' },
      to: { path: '^server/src/(rules|lsp|host|cli)/' },
    },
    {
      name: 'core-reads-no-files',
      comment: 'The core never reads files: image sizes and profiles come from the host.',
      severity: 'error',
      from: { path: '^server/src/core/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|child_process|worker_threads|net|http|https)$' },
    },
    {
      name: 'rules-import-no-host',
      comment: 'A rule reads the model; it does not reach the LSP layer or the hosts.',
      severity: 'error',
      from: { path: '^server/src/rules/' },
      to: { path: '^server/src/(lsp|host|cli)/' },
    },
    {
      name: 'client-imports-pure-server-modules',
      comment: 'The client reuses pure server code (core, profiles registry); never the server process or the hosts.',
      severity: 'error',
      from: { path: '^client/src/' },
      to: { path: '^server/src/(lsp|host|cli|rules)/|^server/src/server-main\\.ts$|^server/src/profiles/load\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist|out)/' },
  },
};

// Parley's layers, checked by `npm test` before anything else (dependency-cruiser).
// Each layer may import the layers listed before it, never one after it:
//
//   src/time, src/errors.ts   instants and TimePoints; the error classes
//   src/events                the catalogue, RecordedEvent, canonical JSON, corrections' patches
//   projections/              pure evolve functions over effective events
//   src/domain, src/replay,   the write rules (decide) | readings of a stream (corrections,
//   src/answers               snapshots) | the shapes the API answers with, and their presenters
//   src/store (port)          eventStore.ts, storedRow.ts, readModel.ts, proofStore.ts: what the application asks of a store
//   src/audit                 the hash chain: sealing decided events, verifying stored ones
//   src/app                   the use cases: append, queries, import, export, verify
//   src/http, src/cli         the two ways in (the CLI starts the HTTP server)
//
// Store adapters (SQLite, PostgreSQL, EventStoreDB) depend on the port; only
// src/store/openStore.ts, src/config.ts and the CLI choose one. The dashboard (web/src)
// shares the answers' types and the TimePoint parser with the server, nothing else.
const layer = (name, path, mayNotImport, comment) => ({
  name,
  severity: 'error',
  comment,
  from: { path },
  to: { path: mayNotImport },
});

const ABOVE_EVENTS = '^(projections/|src/(domain|replay|answers|store|audit|app|http|cli)/|src/config\\.ts)';
const ABOVE_PROJECTIONS = '^(src/(domain|replay|answers|store|audit|app|http|cli)/|src/config\\.ts)';
const ABOVE_STORE_PORT = '^(src/(audit|app|http|cli)/|src/config\\.ts)';
const ADAPTERS = '^src/store/(?!eventStore\\.ts$|storedRow\\.ts$|readModel\\.ts$|proofStore\\.ts$)';

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'A cycle makes two files one idea: break it by moving what both need below them.', from: {}, to: { circular: true } },
    layer('time-is-the-bottom', '^src/time/', '^(projections/|src/(?!time/|errors\\.ts$))', 'src/time knows nothing of the rest of Parley.'),
    layer('errors-are-the-bottom', '^src/errors\\.ts$', '^(projections/|src/)', 'src/errors.ts imports nothing of Parley.'),
    layer('events-below-projections', '^src/events/', ABOVE_EVENTS, 'The event catalogue may use only src/time and src/errors.ts.'),
    layer('projections-are-pure', '^projections/', ABOVE_PROJECTIONS, 'A projection folds effective events: it may use src/events and src/time, nothing that reads, writes or serves.'),
    layer('domain-beside-replay', '^src/domain/', `^src/(replay|answers|store|audit|app|http|cli)/|^src/config\\.ts`, 'decide() works on events and a decision state: no store, no replay, no hashing (sealing is src/audit).'),
    layer('replay-beside-domain', '^src/replay/', `^src/(domain|answers|store|audit|app|http|cli)/|^src/config\\.ts`, 'A stream reading is pure: it is given events, it does not fetch them.'),
    layer('answers-beside-domain', '^src/answers/', `^src/(domain|replay|store|audit|app|http|cli)/|^src/config\\.ts`, 'An answer shape and its presenter read a projection; they do not fetch or decide.'),
    layer('store-port-below-app', '^src/store/(eventStore|storedRow|readModel|proofStore)\\.ts$', `^(projections/|src/(domain|replay|answers|audit|app|http|cli)/|src/config\\.ts)|${ADAPTERS}`, 'The store port knows events, not adapters or their callers.'),
    layer('adapters-below-app', ADAPTERS, `^(projections/|src/(domain|replay|answers|audit|app|http|cli)/|src/config\\.ts)`, 'An adapter implements the port: it knows events and the port, not the application.'),
    layer('audit-below-app', '^src/audit/', ABOVE_STORE_PORT.replace('audit|', '') + `|^src/(domain|replay|answers)/|${ADAPTERS}`, 'The hash chain covers events and stored rows; it does not call the application.'),
    layer('app-below-the-ways-in', '^src/app/', `^src/(http|cli)/|^src/config\\.ts|${ADAPTERS}`, 'A use case is given a store (the port) and a clock; it does not pick an adapter or speak HTTP.'),
    layer('http-below-cli', '^src/http/', `^src/cli/|${ADAPTERS}`, 'The HTTP layer serves a Parley it is given; the CLI starts it, never the reverse.'),
    { name: 'only-composition-picks-an-adapter', severity: 'error', comment: 'Only src/store/openStore.ts, src/config.ts and the CLI choose a store adapter.', from: { path: '^(projections/|src/)', pathNot: '^(src/store/|src/cli/|src/config\\.ts$)' }, to: { path: ADAPTERS } },
    { name: 'dashboard-shares-types-only', severity: 'error', comment: 'The dashboard is its own bundle: from the server it takes types (import type) and src/time, nothing else.', from: { path: '^web/src/' }, to: { path: '^(src|projections)/', pathNot: '^src/time/', dependencyTypesNot: ['type-only'] } },
    { name: 'production-code-not-test-code', severity: 'error', comment: 'Nothing in the product imports a test helper.', from: { path: '^(projections|src|web/src)/' }, to: { path: '^test/' } },
    { name: 'not-to-unresolvable', severity: 'error', comment: 'An import that resolves to no file.', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

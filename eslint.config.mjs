// Layer rules, enforced: each layer imports only from the layers below it. See CONTRIBUTING.md.
//   engine core ← formats ← rules ← catalog (catalog.ts) ← engine pipeline (engine.ts, session.ts, …) ← node ← report, cli, lsp;
//   client imports nothing of the server but the shared protocol module.
import tseslint from 'typescript-eslint';

const adapters = ['**/node/**', '**/node', '**/lsp/**', '**/lsp', '**/cli/**', '**/cli', '**/report/**', '**/report', 'vscode', 'vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc*'];
const nodeBuiltins = ['node:*'];
/** bare names of Node built-ins, matched exactly (a pattern `net` would also match `../net`) */
const bareBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'url', 'net', 'http', 'https', 'crypto', 'util', 'stream', 'events', 'buffer'];
const pipeline = ['**/engine/engine', '**/engine/session', '**/engine/cross-file', '**/catalog'];

const restrict = (patterns, message, builtins = false) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }], ...(builtins ? { paths: bareBuiltins.map((name) => ({ name, message })) } : {}) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', '.cache/**', 'test/fixtures/**', 'test/e2e/workspace/**'] },
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
  },
  {
    files: ['server/src/engine/**/*.ts'],
    rules: restrict([...adapters, ...nodeBuiltins], 'the engine is pure: no Node built-ins, no adapters (node, lsp, cli, report), no editor APIs', true),
  },
  {
    files: ['server/src/formats/**/*.ts'],
    rules: restrict([...adapters, ...nodeBuiltins, ...pipeline, '**/rules/**', '**/rules'], 'formats read files into models: they import the engine core and other formats only', true),
  },
  {
    files: ['server/src/rules/**/*.ts'],
    rules: restrict([...adapters, ...nodeBuiltins, ...pipeline], 'rules judge models: they import the engine core, formats and other rules only', true),
  },
  {
    files: ['server/src/node/**/*.ts'],
    rules: restrict(['**/lsp/**', '**/lsp', '**/cli/**', '**/cli', '**/report/**', '**/report', 'vscode', 'vscode-languageserver*'], 'node adapters serve the CLI, the language server and reports: they import none of them'),
  },
  {
    files: ['server/src/report/**/*.ts'],
    rules: restrict(['**/lsp/**', '**/lsp', '**/cli/**', '**/cli', 'vscode', 'vscode-languageserver*'], 'reports are rendered for the CLI and the language server alike'),
  },
  {
    files: ['server/src/cli/**/*.ts'],
    rules: restrict(['**/lsp/**', '**/lsp', 'vscode', 'vscode-languageserver*'], 'the CLI does not use the language server'),
  },
  {
    // the web extension's server runs as a web worker: the modules it loads use no Node built-ins or adapters
    files: ['server/src/browser-server.ts', 'server/src/lsp/{web-server,web-workspace,features,validation,publisher,code-actions,fix-rule,hover,assist,diagnostics,docs-link,actions,settings,uri}.ts'],
    rules: restrict([...nodeBuiltins, '**/node/**', '**/node', '**/report/render', '**/report/model', 'vscode-languageserver/node', 'vscode-languageclient/node'], 'the web extension runs in a browser: no Node built-ins or Node adapters', true),
  },
  {
    files: ['server/src/protocol.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', disallowTypeAnnotations: false }],
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./\\.\\./server/src/(?!protocol$)', message: 'the client is thin: it imports only the shared protocol module of the server' }] }],
    },
  },
  {
    // the web client (and what it shares with the desktop one) is thin and runs in a browser
    files: ['client/src/browser.ts', 'client/src/shared.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: bareBuiltins.map((name) => ({ name, message: 'the web client runs in a browser' })), patterns: [{ regex: '^\\.\\./\\.\\./server/src/(?!protocol$)', message: 'the client is thin: it imports only the shared protocol module of the server' }, { group: [...nodeBuiltins, 'vscode-languageclient/node'], message: 'the web client runs in a browser: no Node built-ins' }] }],
    },
  },
);

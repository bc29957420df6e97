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
);

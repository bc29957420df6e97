// Loads dist/extension.js in plain Node with a minimal stand-in for the `vscode` module, calls
// activate(), and prints timings as JSON. The stand-in records what the extension shows; any API it
// does not model returns an inert object, so the language client's own start-up runs as far as it can.
const Module = require('node:module');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const repo = process.argv[2];
const shown = { status: [], lines: [] };

function inert(name) {
  const fn = function () {
    return inert(`${name}()`);
  };
  return new Proxy(fn, {
    get(target, prop) {
      if (prop === 'then') return undefined; // not a thenable: awaiting it must not hang
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'dispose') return () => undefined;
      return inert(`${name}.${String(prop)}`);
    },
    construct() {
      return inert(`new ${name}`);
    },
  });
}

const disposable = { dispose() {} };
const event = () => disposable;
class EventEmitter {
  constructor() {
    this.event = event;
  }
  fire() {}
  dispose() {}
}
// Bundlers copy a module's own keys (esbuild's __toESM), so every namespace the extension may use
// must be an own key of the stand-in, even when it is only an inert object.
const NAMESPACES = ['workspace', 'languages', 'extensions', 'tasks', 'debug', 'authentication', 'l10n', 'Uri', 'RelativePattern', 'ThemeColor', 'ThemeIcon', 'TreeItem', 'TreeItemCollapsibleState', 'ProgressLocation', 'ViewColumn', 'ConfigurationTarget', 'DiagnosticSeverity', 'Range', 'Position', 'Location', 'CodeActionKind', 'MarkdownString', 'StatusBarItem', 'FileType', 'Diagnostic'];
const stub = new Proxy(
  {
    ...Object.fromEntries(NAMESPACES.map((n) => [n, inert(`vscode.${n}`)])),
    window: new Proxy(
      {
        createOutputChannel: (name) => ({ name, append() {}, appendLine: (l) => shown.lines.push(l), replace() {}, clear() {}, show() {}, hide() {}, dispose() {} }),
        createStatusBarItem: () => {
          const item = { show: () => shown.status.push(item.text), hide() {}, dispose() {} };
          return item;
        },
        onDidChangeActiveTextEditor: event,
        activeTextEditor: undefined,
      },
      { get: (t, p) => (p in t ? t[p] : inert(`window.${String(p)}`)) },
    ),
    version: '1.82.0',
    env: { appName: 'bench', language: 'en', machineId: 'bench', sessionId: 'bench', uriScheme: 'vscode' },
    commands: { registerCommand: () => disposable, executeCommand: async () => undefined },
    StatusBarAlignment: { Left: 1, Right: 2 },
    EventEmitter,
    Disposable: class {
      static from() {
        return disposable;
      }
      dispose() {}
    },
  },
  { get: (t, p) => (p in t ? t[p] : inert(`vscode.${String(p)}`)) },
);

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return stub;
  return load.call(this, request, parent, isMain);
};

(async () => {
  if (process.argv[3] === '--baseline') {
    // The language client library alone, unbundled from node_modules, under the same stand-in.
    const t = performance.now();
    require(require.resolve('vscode-languageclient/node', { paths: [repo] }));
    process.stdout.write(JSON.stringify({ requireMs: performance.now() - t }) + '\n');
    process.exit(0);
  }
  const t0 = performance.now();
  const ext = require(join(repo, 'dist', 'extension.js'));
  const t1 = performance.now();
  const context = { subscriptions: [], asAbsolutePath: (p) => join(repo, p), extensionPath: repo, extensionUri: inert('extensionUri') };
  let error = null;
  try {
    await Promise.race([ext.activate(context), new Promise((_, reject) => setTimeout(() => reject(new Error('activate() did not settle within 5 s')), 5000))]);
  } catch (err) {
    error = String(err && err.message ? err.message : err);
  }
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, error, status: shown.status.at(-1) ?? null, log: shown.lines.slice(0, 3) }) + '\n');
  process.exit(0);
})();

// The esbuild bundles (used by scripts/build.mjs and test/web-bundle.test.ts): the extension client, the
// language server and the CLI for Node; the web extension's client and language server (a web worker) for browsers.
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export function bundles(production = false) {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'warning',
    define: { VHARDEN_VERSION: JSON.stringify(version) },
    // the yaml package's ES module build (its browser build, the same code): bundled as ES modules its
    // functions are called directly, where the CommonJS build is reached through getters, and it reads no
    // process.env per token (LOG_TOKENS); a full parse is 15-20% faster
    alias: { yaml: './node_modules/yaml/browser/index.js' },
  };
  return [
    { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
    { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
    { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' },
    ...webBundles(production),
  ];
}

/** Browser bundles: the web client (loaded by the web extension host, `vscode` provided) and the server worker. */
export function webBundles(production = false) {
  const web = {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'warning',
    metafile: true,
    define: { VHARDEN_VERSION: JSON.stringify(version) },
  };
  return [
    { ...web, entryPoints: ['client/src/browser.ts'], outfile: 'dist/web/extension.js', format: 'cjs', external: ['vscode'] },
    { ...web, entryPoints: ['server/src/browser-server.ts'], outfile: 'dist/web/server.js', format: 'iife' },
  ];
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * What a browser bundle would need from Node: imports left external other than `vscode`, and
 * modules bundled from a Node built-in's name (a polyfill standing in for it). Empty when clean.
 */
export function nodeImportsOf(metafile) {
  const found = [];
  for (const [out, o] of Object.entries(metafile.outputs)) {
    for (const i of o.imports) if (i.external && i.path !== 'vscode') found.push(`${out} imports ${i.path}`);
  }
  for (const [input, i] of Object.entries(metafile.inputs)) {
    for (const imp of i.imports) if (NODE_BUILTINS.has(imp.path) || NODE_BUILTINS.has(imp.path.replace(/^node:/, ''))) found.push(`${input} imports ${imp.path}`);
  }
  return found;
}

// The web extension's bundles (client and server worker) are built for browsers and use no Node built-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = join(__dirname, '..');
type Bundles = { webBundles: (production?: boolean) => esbuild.BuildOptions[]; nodeImportsOf: (m: esbuild.Metafile) => string[] };
const load = (): Promise<Bundles> => import(join(ROOT, 'scripts', 'bundles.mjs'));

test('the browser bundles build for platform browser and import no Node built-in', async () => {
  const { webBundles, nodeImportsOf } = await load();
  const bundles = webBundles();
  assert.deepEqual(bundles.map((b) => b.platform), ['browser', 'browser']);
  for (const b of bundles) {
    const r = await esbuild.build({ ...b, absWorkingDir: ROOT, write: false, sourcemap: false, logLevel: 'silent' });
    assert.deepEqual(nodeImportsOf(r.metafile!), [], `${String(b.outfile)} needs Node`);
    const text = r.outputFiles!.map((f) => f.text).join('\n');
    assert.doesNotMatch(text, /require\(["'](?!vscode["'])[^"']+["']\)/, `${String(b.outfile)} requires a module at run time`);
  }
});

test('the check names a Node built-in that a browser bundle would import or bundle a stand-in for', async () => {
  const { webBundles, nodeImportsOf } = await load();
  const [client] = webBundles();
  const stdin = { contents: "import { readFileSync } from 'node:fs'; import * as p from 'path'; console.log(readFileSync, p);", resolveDir: ROOT, loader: 'ts' as const };
  const external = await esbuild.build({ ...client, entryPoints: undefined, stdin, absWorkingDir: ROOT, write: false, logLevel: 'silent', external: ['vscode', 'node:fs', 'path'] });
  assert.deepEqual(nodeImportsOf(external.metafile!).map((p) => p.replace(/^.* imports /, '')).sort(), ['node:fs', 'node:fs', 'path', 'path']);
  // without the externals esbuild refuses to bundle a Node built-in for the browser at all
  await assert.rejects(esbuild.build({ ...client, entryPoints: undefined, stdin, absWorkingDir: ROOT, write: false, logLevel: 'silent', external: ['vscode'] }));
});

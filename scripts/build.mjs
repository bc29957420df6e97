// Bundles the extension client, the language server and the CLI with esbuild, and the web extension
// (client and server worker) for browsers; a browser bundle that would need a Node built-in fails the build.
import * as esbuild from 'esbuild';
import { bundles, nodeImportsOf } from './bundles.mjs';

const all = bundles(process.argv.includes('--production'));

if (process.argv.includes('--watch')) {
  // npm run watch: rebuild each bundle when a source changes (tsc -b --watch type-checks beside it)
  for (const b of all) await (await esbuild.context({ ...b, logLevel: 'info' })).watch();
} else {
  const results = await Promise.all(all.map((b) => esbuild.build(b)));
  const problems = results.flatMap((r) => (r.metafile ? nodeImportsOf(r.metafile) : []));
  if (problems.length) {
    console.error(`Browser bundles must not use Node built-ins:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
}

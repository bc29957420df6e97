// Bundles the extension client, the language server and the CLI with esbuild.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

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
};

const bundles = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' },
];

if (process.argv.includes('--watch')) {
  // npm run watch: rebuild each bundle when a source changes (tsc -b --watch type-checks beside it)
  for (const b of bundles) await (await esbuild.context({ ...b, logLevel: 'info' })).watch();
} else {
  await Promise.all(bundles.map((b) => esbuild.build(b)));
}

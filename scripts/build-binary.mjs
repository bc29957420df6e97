// Builds build/vharden-linux-x64: a single executable (Node SEA) holding dist/cli.js and the rule docs
// pages as assets, so it runs on a host without Node. Uses the running Node binary and postject; offline.
// Run through `npm run build:binary`, which bundles dist/cli.js first.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'build');
const TARGET = join(OUT, `vharden-${process.platform}-${process.arch}`);
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

if (process.platform !== 'linux') throw new Error(`build:binary builds on Linux only (this is ${process.platform})`);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) throw new Error(`build:binary needs Node 20.12 or later for SEA assets (this is ${process.version})`);
if (!readFileSync(process.execPath).includes(FUSE)) throw new Error(`${process.execPath} has no SEA fuse (a distribution build linked to a shared libnode?); use an official Node binary`);

const work = join(OUT, 'sea');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const assets = Object.fromEntries(readdirSync(join(ROOT, 'docs', 'rules')).filter((n) => n.endsWith('.md')).map((n) => [`docs/rules/${n}`, join(ROOT, 'docs', 'rules', n)]));
const config = join(work, 'sea-config.json');
const blob = join(work, 'vharden.blob');
writeFileSync(config, JSON.stringify({ main: join(ROOT, 'dist', 'cli.js'), output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false, assets }, null, 2));
execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' });

rmSync(TARGET, { force: true });
copyFileSync(process.execPath, TARGET);
chmodSync(TARGET, 0o755);
const { inject } = createRequire(import.meta.url)('postject');
await inject(TARGET, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: FUSE });
rmSync(work, { recursive: true, force: true });
console.log(`built ${TARGET}`);

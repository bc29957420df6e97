#!/usr/bin/env node
// `npm run test:e2e`: prepares the machine (scripts/e2e-setup.sh: Debian packages, code-server cached in
// .cache/e2e), packages the extension (.vsix), then runs the e2e suites with Node's test runner:
//   test/e2e/vscode.e2e.ts  the packaged extension in code-server, driven by headless Chromium
//   test/e2e/nvim.e2e.ts    the language server in Neovim's built-in LSP client
//   test/e2e/web.e2e.ts     the web extension's server as a web worker in headless Chromium (alone: npm run test:web)
//   test/e2e/web-host.e2e.ts the web extension in code-server's browser extension host (its browser entry and worker)
// Screenshots and logs go to test-results/e2e/; with VHARDEN_E2E_SCREENSHOTS=docs/images the README's screenshots
// are saved there too, under fixed names, at 1200x771 (see readmeShot in vscode.e2e.ts). Extra arguments are passed to `node --test`
// (e.g. `npm run test:e2e -- --test-name-pattern=vmx`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const timings = [];
function run(label, cmd, args) {
  const start = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  timings.push(`${label} ${((Date.now() - start) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    console.error(`e2e: ${label} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

rmSync(join(root, 'test-results', 'e2e'), { recursive: true, force: true });
mkdirSync(join(root, 'test-results', 'e2e'), { recursive: true });
run('setup', 'bash', ['scripts/e2e-setup.sh']);
run('package', 'npm', ['run', '--silent', 'package']);
// Printed before the suites, so that the test runner's summary (with duration_ms) closes the output.
console.log(`e2e timings: ${timings.join(', ')}; screenshots and logs go to test-results/e2e/`);
const suites = spawnSync(process.execPath, [
  '--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...process.argv.slice(2),
  'test/e2e/vscode.e2e.ts', 'test/e2e/nvim.e2e.ts', 'test/e2e/web.e2e.ts', 'test/e2e/web-host.e2e.ts',
], { cwd: root, stdio: 'inherit' });
process.exit(suites.status ?? 1);

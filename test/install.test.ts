/**
 * Installing without a clone: the packed tarball installs with `npm install -g` into a throwaway prefix
 * (offline, no dependencies, no install scripts) and both commands work; `build:binary`'s script makes a
 * single executable that runs without Node on the PATH and carries the rule docs. Both work on copies,
 * so the dist/ other tests run is never rewritten.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';

const ROOT = join(__dirname, '..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const built = existsSync(join(ROOT, 'dist', 'cli.js')) && existsSync(join(ROOT, 'dist', 'server.js'));

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'vharden-install-'));
}

/**
 * A copy of the files a clone has after a build (and a stray source and source map), so what goes in
 * the tarball is decided by .npmignore (vsce, for the .vsix, reads .vscodeignore and refuses `files`).
 */
function packageCopy(): string {
  const dir = tmp();
  for (const f of ['package.json', '.npmignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'docs', 'schemas', 'resources', 'examples', 'server/src/cli.ts']) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  return dir;
}

const npmEnv = (cache: string) => ({ ...process.env, npm_config_cache: cache, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' });

describe('install', { skip: built ? false : 'dist missing: run npm run build' }, () => {
  it('package.json: no run-time dependencies, no install scripts', () => {
    assert.equal(PKG.dependencies, undefined, 'everything is bundled into dist/');
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(PKG.scripts[s], undefined, `no ${s} script`);
  });

  it('npm pack, then npm install -g of the tarball gives working vharden and vharden-language-server', async () => {
    const src = packageCopy();
    const work = tmp();
    const env = npmEnv(join(work, 'cache'));
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: src, encoding: 'utf8', maxBuffer: 1 << 26, env });
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout);
    assert.equal(info.filename, `vharden-${PKG.version}.tgz`);
    const names: string[] = info.files.map((f: { path: string }) => f.path);
    for (const bin of Object.values(PKG.bin as Record<string, string>)) assert.ok(names.includes(bin), bin);
    assert.ok(names.includes('docs/rules/VMX-CONSOLE-VNC.md') && names.includes('examples/vmware/build-fw-lab.vmx'));
    assert.ok(names.includes('resources/vharden-hyperv-inventory.ps1') && names.includes('schemas/hyperv-snapshot.schema.json') && names.includes('docs/hyperv-snapshot.md'), 'the Hyper-V collector, its schema and its docs are in the tarball');
    assert.ok(!names.some((n) => /^(server|client|test|scripts|node_modules)\//.test(n) || n.endsWith('.map') || n === 'dist/extension.js'), names.join(' '));

    const prefix = join(work, 'prefix');
    const install = spawnSync('npm', ['install', '-g', '--offline', '--prefix', prefix, join(work, info.filename)], { cwd: work, encoding: 'utf8', maxBuffer: 1 << 26, env });
    assert.equal(install.status, 0, install.stdout + install.stderr);
    const home = join(prefix, 'lib', 'node_modules', 'vharden');
    assert.ok(!existsSync(join(home, 'node_modules')), 'no dependencies installed');

    const bin = join(prefix, 'bin');
    const run = (args: string[]) => spawnSync(join(bin, 'vharden'), args, { cwd: work, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    assert.equal(run(['--version']).stdout.trim(), PKG.version);
    const scan = run(['scan', join(home, 'examples', 'vmware'), '-f', 'sarif']);
    assert.equal(scan.status, 1, scan.stderr);
    const log = JSON.parse(scan.stdout);
    assert.ok(log.runs[0].results.some((r: any) => r.ruleId === 'VMX-CONSOLE-VNC'));
    assert.match(log.runs[0].tool.driver.rules.find((r: any) => r.id === 'VMX-CONSOLE-VNC').help.markdown, /## Example that is reported/);

    const server = spawn(join(bin, 'vharden-language-server'), ['--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const conn = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
      conn.onRequest(() => null);
      conn.onNotification(() => undefined);
      conn.listen();
      const init: any = await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.equal(init.serverInfo?.name, 'vharden-language-server');
      assert.ok(init.capabilities.textDocumentSync !== undefined, 'the server answers initialize with its capabilities');
      await conn.sendRequest('shutdown');
      conn.dispose();
    } finally {
      server.kill();
    }
  });

  it('build:binary makes a single executable that runs without Node and carries the rule docs', { skip: process.platform === 'linux' ? false : 'Linux only', timeout: 180_000 }, () => {
    const src = tmp();
    mkdirSync(join(src, 'scripts'));
    cpSync(join(ROOT, 'scripts', 'build-binary.mjs'), join(src, 'scripts', 'build-binary.mjs'));
    cpSync(join(ROOT, 'dist', 'cli.js'), join(src, 'dist', 'cli.js'));
    cpSync(join(ROOT, 'docs', 'rules'), join(src, 'docs', 'rules'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'));
    const build = spawnSync(process.execPath, [join(src, 'scripts', 'build-binary.mjs')], { cwd: src, encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(build.status, 0, build.stdout + build.stderr);
    const name = `vharden-${process.platform}-${process.arch}`;
    // moved away from the docs folder, and no node on the PATH
    const where = tmp();
    cpSync(join(src, 'build', name), join(where, name));
    writeFileSync(join(where, 'lab.vmx'), readFileSync(join(ROOT, 'examples', 'vmware', 'build-fw-lab.vmx')));
    const run = (args: string[]) => spawnSync(join(where, name), args, { cwd: where, encoding: 'utf8', maxBuffer: 1 << 26, env: { PATH: '/nonexistent', HOME: where } });
    const version = run(['--version']);
    assert.equal(version.stdout.trim(), PKG.version, version.stderr);
    assert.equal(version.stderr, '', 'no experimental warning');
    const scan = run(['scan', '.', '-f', 'sarif']);
    assert.equal(scan.status, 1, scan.stderr);
    const log = JSON.parse(scan.stdout);
    assert.ok(log.runs[0].results.some((r: any) => r.ruleId === 'VMX-CONSOLE-VNC'));
    const vnc = log.runs[0].tool.driver.rules.find((r: any) => r.id === 'VMX-CONSOLE-VNC');
    assert.equal(vnc.help.markdown, readFileSync(join(ROOT, 'docs', 'rules', 'VMX-CONSOLE-VNC.md'), 'utf8'));
    assert.deepEqual(readdirSync(where).sort(), ['lab.vmx', name].sort(), 'a scan writes nothing beside the binary');
  });
});

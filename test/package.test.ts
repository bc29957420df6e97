/**
 * Packaging: the .vsix holds only what .vscodeignore (an allow-list) re-includes, never sources, tests or
 * node_modules. The package is built with the `vsce package` command of `npm run package`, in a copy of
 * the tracked files (plus a stray source file and a node_modules link, as a working tree has), so the
 * production build of its prepublish step never rewrites the dist/ other tests are running.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = join(__dirname, '..');
const MAX_BYTES = 2 * 1024 * 1024;

interface Entry { name: string; size: number }

/** Names and sizes from a zip's central directory (a .vsix is a zip). */
function zipEntries(buf: Buffer): Entry[] {
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'no end-of-central-directory record: not a zip');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry signature');
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** `!pattern` lines of .vscodeignore as regexps over paths inside `extension/`. */
function allowList(): RegExp[] {
  return readFileSync(join(ROOT, '.vscodeignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('!'))
    .map((l) => {
      const glob = l.slice(1).replace(/^\//, '');
      const re = glob
        .split('**')
        .map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
        .join('.*');
      return new RegExp(`^${re}$`);
    });
}

// vsce renames these and adds its own manifest files.
const GENERATED = new Map([
  ['[Content_Types].xml', ''],
  ['extension.vsixmanifest', ''],
  ['extension/readme.md', 'README.md'],
  ['extension/changelog.md', 'CHANGELOG.md'],
  ['extension/LICENSE.txt', 'LICENSE'],
]);

describe('packaged .vsix', () => {
  let work: string;
  let vsix: string;
  let entries: Entry[] = [];

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'vharden-package-'));
    const tracked = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(tracked.status, 0, `git ls-files failed: ${tracked.stderr}`);
    const repo = join(work, 'repo');
    for (const file of tracked.stdout.split('\0').filter(Boolean)) {
      if (!existsSync(join(ROOT, file))) continue; // deleted in the working tree
      mkdirSync(dirname(join(repo, file)), { recursive: true });
      cpSync(join(ROOT, file), join(repo, file));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
    writeFileSync(join(repo, 'notes.ts'), 'export const stray = 1;\n'); // untracked source: must stay out
    const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.package ?? '';
    const vsce = /vsce package[^&|;]*/.exec(script)?.[0];
    assert.ok(vsce, `npm run package should call vsce package; it is: ${script}`);
    vsix = join(work, 'out.vsix');
    const args = vsce.trim().split(/\s+/).slice(1).filter((a, i, all) => a !== '-o' && all[i - 1] !== '-o');
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), ...args, '-o', vsix], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 120_000 });
    assert.equal(r.status, 0, `vsce package failed:\n${r.stdout}\n${r.stderr}`);
    entries = zipEntries(readFileSync(vsix));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds only allow-listed files: no sources, tests, node_modules or source maps', (t) => {
    const allowed = allowList();
    const stray = entries.filter((e) => !GENERATED.has(e.name) && !(e.name.startsWith('extension/') && allowed.some((re) => re.test(e.name.slice('extension/'.length)))));
    assert.deepEqual(stray.map((e) => e.name), [], 'files outside the .vscodeignore allow-list');
    const forbidden = entries.filter((e) => /(^|\/)(node_modules|src|test|scripts|examples|client|server)\/|\.ts$|\.map$|\.vsix$|(^|\/)\.[^/]+$/.test(e.name.replace(/^extension\//, '')));
    assert.deepEqual(forbidden.map((e) => e.name), [], 'sources, tests, node_modules, maps or dotfiles in the .vsix');
    const size = statSync(vsix).size;
    t.diagnostic(`vharden.vsix: ${entries.length} files, ${(size / 1024).toFixed(1)} KiB`);
    console.log(`vharden.vsix: ${entries.length} files, ${(size / 1024).toFixed(1)} KiB packed, ${(entries.reduce((n, e) => n + e.size, 0) / 1024).toFixed(1)} KiB unpacked`);
    assert.ok(size < MAX_BYTES, `the .vsix is ${size} bytes, over ${MAX_BYTES}`);
  });

  it('holds what the extension needs at run time', () => {
    const names = new Set(entries.map((e) => e.name));
    for (const need of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/dist/web/extension.js', 'extension/dist/web/server.js', 'extension/docs/rules/README.md', 'extension/readme.md', 'extension/LICENSE.txt', 'extension/resources/vharden-hyperv-inventory.ps1', 'extension/schemas/hyperv-snapshot.schema.json']) {
      assert.ok(names.has(need), `${need} is missing from the .vsix`);
    }
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: Record<string, { path?: string; configuration?: string }[] | unknown> };
    for (const key of ['grammars', 'snippets', 'languages']) {
      for (const c of (manifest.contributes[key] as { path?: string; configuration?: string }[] | undefined) ?? []) {
        const file = c.path ?? c.configuration;
        if (file) assert.ok(names.has(`extension/${file.replace(/^\.\//, '')}`), `${key} file ${file} is missing from the .vsix`);
      }
    }
    for (const step of walkthroughSteps()) {
      for (const file of mediaFiles(step)) assert.ok(names.has(`extension/${file}`), `walkthrough step ${step.id}: ${file} is missing from the .vsix`);
    }
    const docs = [...names].filter((n) => /^extension\/docs\/rules\/[A-Z0-9-]+\.md$/.test(n));
    assert.ok(docs.length > 0, 'rule docs pages are packaged (diagnostics link to them)');
  });
});

interface Step { id: string; title: string; description: string; media: { markdown?: string; image?: string | Record<string, string>; svg?: string }; completionEvents?: string[] }
interface Manifest {
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[];
    walkthroughs?: { id: string; steps: Step[] }[];
  };
}

function manifestOf(): Manifest {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
}

function walkthroughSteps(): Step[] {
  return (manifestOf().contributes.walkthroughs ?? []).flatMap((w) => w.steps);
}

function mediaFiles(step: Step): string[] {
  const { markdown, image, svg } = step.media;
  return [markdown, svg, ...(typeof image === 'string' ? [image] : Object.values(image ?? {}))].filter((f): f is string => !!f);
}

describe('walkthrough', () => {
  const manifest = manifestOf();
  const commands = new Set(manifest.contributes.commands.map((c) => c.command));
  const settings = new Set((Array.isArray(manifest.contributes.configuration) ? manifest.contributes.configuration : [manifest.contributes.configuration]).flatMap((c) => Object.keys(c.properties)));
  const client = readdirSync(join(ROOT, 'client', 'src')).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(ROOT, 'client', 'src', f), 'utf8')).join('\n');
  const steps = walkthroughSteps();

  it('has the steps of issue 21: open an example, scan a host tree, set the monitoring policy, create a baseline, export a report', () => {
    assert.deepEqual(steps.map((s) => s.id), ['openExample', 'scanHost', 'monitoring', 'baseline', 'report']);
  });

  it('every step\'s media file exists and every command it links or completes on is contributed and registered by the client', () => {
    for (const step of steps) {
      const media = mediaFiles(step);
      assert.ok(media.length > 0, `step ${step.id} has a media file`);
      for (const file of media) assert.ok(existsSync(join(ROOT, file)), `step ${step.id}: ${file} does not exist`);
      const linked = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]!).filter((c) => c.startsWith('vharden.'));
      const events = step.completionEvents ?? [];
      assert.ok(events.length > 0, `step ${step.id} has completion events`);
      const onCommand = events.filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
      for (const id of [...linked, ...onCommand]) {
        assert.ok(commands.has(id), `step ${step.id}: command ${id} is not in contributes.commands`);
        assert.ok(client.includes(`registerCommand('${id}'`), `step ${step.id}: the client registers no command ${id}`);
      }
      for (const e of events.filter((x) => x.startsWith('onSettingChanged:'))) assert.ok(settings.has(e.slice('onSettingChanged:'.length)), `step ${step.id}: ${e} names no contributed setting`);
      assert.ok(events.every((e) => /^(onCommand|onSettingChanged):/.test(e)), `step ${step.id}: unexpected completion event in ${events.join(', ')}`);
      assert.ok(linked.length > 0, `step ${step.id} links the command that does it`);
    }
  });

  it('the examples it opens are bundled', () => {
    for (const file of [...client.matchAll(/file: '([^']+)'/g)].map((m) => m[1]!)) assert.ok(existsSync(join(ROOT, 'resources', 'walkthrough', 'samples', file)), `example ${file} is not in resources/walkthrough/samples`);
  });
});

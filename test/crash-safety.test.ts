import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const INSECURE = readFileSync(join(ROOT, 'examples', 'vmware', 'build-fw-lab.vmx'), 'utf8');
const FILES = 12;

/** Large files (1.5 MB each: a write takes long enough to be caught in the middle), each with safe fixes. */
function makeTree(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < FILES; i++) {
    // few long lines: much to write, little to parse
    const padding = Array.from({ length: 1_500 }, (_, n) => `guestinfo.note${n} = "file ${i} line ${n} ${'x'.repeat(1000)}"`).join('\n');
    writeFileSync(join(dir, `vm${String(i).padStart(2, '0')}.vmx`), `${INSECURE}${padding}\n`);
  }
}

/** Runs `scan --fix` over `dir` and kills it with SIGKILL at the `nth` file-system event in the folder. */
function killAtEvent(dir: string, nth: number): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'scan', '--fix', '--fail-on', 'never', '--format', 'json', dir], { stdio: 'ignore' });
    let events = 0;
    let killed = false;
    const watcher = watch(dir, () => {
      if (++events === nth && !killed) {
        killed = child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      watcher.close();
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}

describe('crash safety of --fix', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  it('killed (SIGKILL) in the middle of writing, every file is the old or the fixed version, never a mix or empty', async () => {
    const base = mkdtempSync(join(tmpdir(), 'vharden-crash-'));
    const pristine = join(base, 'pristine');
    makeTree(pristine);
    const names = readdirSync(pristine).sort();
    const fixedDir = join(base, 'fixed');
    cpSync(pristine, fixedDir, { recursive: true });
    const full = spawnSync(process.execPath, [CLI, 'scan', '--fix', '--fail-on', 'never', '--format', 'json', fixedDir], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.ok(JSON.parse(full.stdout).summary.fixed > 0, full.stderr);
    const oldOf = new Map(names.map((n) => [n, readFileSync(join(pristine, n))]));
    const newOf = new Map(names.map((n) => [n, readFileSync(join(fixedDir, n))]));
    for (const n of names) assert.notDeepEqual(newOf.get(n), oldOf.get(n), `${n} has fixes`);

    let mixed = 0;
    // Kill at the first event (the first write starting) and at later ones (some files already replaced).
    for (const nth of [1, 2, 3, 7, 12, 20, 31]) {
      const dir = join(base, `run${nth}`);
      cpSync(pristine, dir, { recursive: true });
      const { killed } = await killAtEvent(dir, nth);
      let replaced = 0;
      for (const n of names) {
        const now = readFileSync(join(dir, n));
        const isOld = now.equals(oldOf.get(n)!);
        const isNew = now.equals(newOf.get(n)!);
        assert.ok(isOld || isNew, `kill at event ${nth}: ${n} is neither the old nor the fixed version (${now.length} bytes; old ${oldOf.get(n)!.length}, fixed ${newOf.get(n)!.length})`);
        if (isNew) replaced++;
      }
      if (killed && replaced > 0 && replaced < names.length) mixed++;
      const leftovers = readdirSync(dir).filter((n) => !names.includes(n));
      if (leftovers.length) {
        console.log(`kill at event ${nth}: ${leftovers.length} temporary file(s) left`);
        // a later scan lists the temporary file the kill left behind, and does not read it
        const again = JSON.parse(spawnSync(process.execPath, [CLI, 'scan', '--fail-on', 'never', '--format', 'json', '--max-file-size', '1', dir], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout);
        assert.equal(again.read.length, names.length);
        assert.deepEqual(again.notRead.map((p: { reason: string }) => p.reason), leftovers.map(() => 'temporary file of an interrupted --fix (safe to delete)'));
      }
      rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(mixed > 0, 'at least one run was killed after some files were replaced and before others');
  });
});

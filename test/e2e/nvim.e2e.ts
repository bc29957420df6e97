/**
 * A second LSP client: Neovim's built-in client (headless) against `vharden-language-server --stdio` (the
 * package bin, linked to dist/server.js on PATH as `npm install` would), with the
 * same cases as the VS Code suite. test/e2e/nvim/check.lua drives Neovim and records what it saw; the
 * assertions are here. Run through `npm run test:e2e` (installs neovim, builds dist/).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO, RESULTS, WORKSPACE_SOURCE } from './code-server';
import { FORMATS } from './formats';

interface Diag { line: number; col: number; code: string; source: string; message: string; href: string | null }
interface Result {
  format: string;
  error?: string;
  attached?: boolean;
  diagnostics?: Diag[];
  hover?: string | null;
  actions?: string[];
  fixCleared?: boolean;
  afterFix?: Diag[];
  fixAllTitles?: string[];
  fixAllCleared?: boolean;
  afterFixAll?: Diag[];
  text?: string;
}

const SERVER = join(REPO, 'dist', 'server.js');
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8', maxBuffer: 1 << 26 });
const missing = nvim.status !== 0 ? 'neovim not installed: run npm run test:e2e' : !existsSync(SERVER) ? 'dist/server.js missing: run npm run build' : false;

describe('Neovim built-in LSP client', { skip: missing }, () => {
  let root: string;
  let results: Result[] = [];
  let version = '';

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'vharden-nvim-'));
    const workspace = join(root, 'workspace');
    cpSync(WORKSPACE_SOURCE, workspace, { recursive: true });
    const cases = join(root, 'cases.json');
    const out = join(root, 'results.json');
    writeFileSync(cases, JSON.stringify(FORMATS.map((f) => ({ ...f, path: join(workspace, f.file) }))));
    const bin = join(root, 'bin');
    mkdirSync(bin);
    chmodSync(SERVER, 0o755); // npm marks bins executable on install
    symlinkSync(SERVER, join(bin, 'vharden-language-server'));
    const xdg = join(root, 'xdg'); // keep Neovim's state, cache and LSP log out of the home folder
    const run = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', join(REPO, 'test', 'e2e', 'nvim', 'init.lua'),
      '-c', `luafile ${join(REPO, 'test', 'e2e', 'nvim', 'check.lua')}`], {
      cwd: workspace,
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, VHARDEN_SERVER: '', VHARDEN_E2E_CASES: cases, VHARDEN_E2E_OUT: out,
        XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg, XDG_STATE_HOME: xdg, XDG_CACHE_HOME: xdg },
    });
    mkdirSync(RESULTS, { recursive: true });
    if (!existsSync(out)) {
      throw new Error(`nvim wrote no results (exit ${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
    }
    writeFileSync(join(RESULTS, 'nvim-results.json'), readFileSync(out));
    const data = JSON.parse(readFileSync(out, 'utf8')) as { nvim: { major: number; minor: number; patch: number }; results: Result[] };
    version = `${data.nvim.major}.${data.nvim.minor}.${data.nvim.patch}`;
    results = data.results;
  });

  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  for (const f of FORMATS) {
    const wanted = [f.fix.rule, ...f.fixedOnSave, ...f.staysOnSave];
    /** The recorded result, which must have got as far as `field` (check.lua stops a case at its first error). */
    const result = (field: keyof Result): Result => {
      const r = results.find((x) => x.format === f.format);
      assert.ok(r, `no Neovim result for ${f.format}`);
      assert.ok(r[field] !== undefined, `the Neovim check of ${f.file} stopped before recording ${field}: ${r.error}`);
      return r;
    };

    describe(`${f.format}: ${f.file}`, () => {
      it('publishes diagnostics with source, code and a docs link', () => {
        const r = result('diagnostics');
        assert.ok(r.attached, `no diagnostics for ${f.file} in Neovim ${version}`);
        for (const rule of wanted) {
          const d = r.diagnostics!.find((x) => x.code === rule);
          assert.ok(d, `no ${rule} diagnostic; got ${r.diagnostics!.map((x) => x.code).join(', ')}`);
          assert.equal(d.source, 'vharden');
          assert.ok(d.href?.startsWith('file://') && d.href.endsWith(`/docs/rules/${rule}.md`), `${rule} codeDescription.href: ${d.href}`);
          assert.ok(existsSync(new URL(d.href!)), `docs page ${d.href} exists`);
        }
      });

      it('hover explains the finding and links its docs page', () => {
        const hover = result('hover').hover ?? '';
        assert.match(hover, new RegExp(`\\*\\*${f.fix.rule}\\*\\*`));
        assert.match(hover, /\*\*Risk\.\*\*/);
        assert.match(hover, /\*\*Fix\.\*\*/);
        assert.ok(hover.includes(`docs/rules/${f.fix.rule}.md`), 'hover links the docs page');
      });

      it('offers the quick fix, and applying it clears that diagnostic', () => {
        const r = result('afterFix');
        assert.ok(r.actions!.includes(f.fix.title), `offered: ${r.actions!.join(' | ')}`);
        assert.ok(r.actions!.includes(`Suppress ${f.fix.rule} on this line`));
        assert.ok(r.fixCleared, `${f.fix.rule} at line ${f.fix.line} still reported after the fix`);
        assert.ok(!r.afterFix!.some((d) => d.code === f.fix.rule && d.line === f.fix.line));
      });

      it('source.fixAll.vharden applies safe fixes only', () => {
        const r = result('text');
        // Offered only when a safe fix is pending; guarded fixes never run in bulk.
        assert.deepEqual(r.fixAllTitles, f.fixedOnSave.length ? ['Apply all safe vharden fixes'] : []);
        assert.ok(r.fixAllCleared, `still reported after fix-all: ${r.afterFixAll!.map((d) => d.code).join(', ')}`);
        for (const rule of f.staysOnSave) assert.ok(r.afterFixAll!.some((d) => d.code === rule), `${rule} (guarded) stays`);
        for (const s of f.hardened) assert.ok(r.text!.includes(s), `buffer contains ${s}`);
        for (const s of f.absent ?? []) assert.ok(!r.text!.includes(s), `buffer no longer contains ${s}`);
      });
    });
  }
});

/**
 * VS Code end to end: the packaged extension in code-server (VS Code 1.96), driven by headless Chromium.
 * Run through `npm run test:e2e` (which installs code-server and packages the .vsix first).
 * Every wait is on a condition with a bounded timeout; a failing check saves FAIL-<step>.png.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { isCrossFileRuleId } from '../../server/src/catalog';
import { CODE_SERVER, REPO, RESULTS, manifest, startCodeServer, type CodeServer } from './code-server';
import { FORMATS, HOST_TREE_EXTRAS } from './formats';
import { startVcsim, vcsimMissing, type Sim } from '../helpers/vcsim';

const CHROMIUM = '/usr/bin/chromium';
const STEP_TIMEOUT = 45_000;
const missing = !existsSync(CODE_SERVER) ? 'code-server not installed: run npm run test:e2e' : !existsSync(CHROMIUM) ? 'chromium not installed: run npm run test:e2e' : false;

let server: CodeServer;
let browser: Browser;
let page: Page;
let shots = 0;

async function shot(name: string): Promise<string> {
  const file = join(RESULTS, `${String(++shots).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file }).catch(() => undefined);
  return file;
}

/**
 * With VHARDEN_E2E_SCREENSHOTS=docs/images (a folder, relative to the repository), the README's
 * screenshots are saved there under fixed names. The page keeps its 1400x900 layout (the checks rely on
 * what it shows) and is drawn at 6/7 scale, so those screenshots are 1200x771 pixels.
 */
const README_SHOTS = process.env.VHARDEN_E2E_SCREENSHOTS ? resolve(REPO, process.env.VHARDEN_E2E_SCREENSHOTS) : undefined;

async function readmeShot(name: string): Promise<void> {
  if (!README_SHOTS) return;
  mkdirSync(README_SHOTS, { recursive: true });
  await page.screenshot({ path: join(README_SHOTS, `${name}.png`) });
}

/** Opens a workspace file with Quick Open and waits for its tab. */
async function openFile(file: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input.input').fill(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: basename(file) }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: basename(file) }).waitFor({ timeout: 20_000 });
}

/** Runs one check; on failure saves a screenshot and says which step failed and where to look. */
async function step(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const file = join(RESULTS, `FAIL-${name}.png`);
    await page.screenshot({ path: file }).catch(() => undefined);
    const msg = err instanceof Error ? err.message : String(err);
    const detail = msg.split('\n').filter((l) => l.trim()).slice(0, 3).join('\n  ');
    throw new Error(`${name}: ${detail}\n  screenshot: ${file}\n  code-server log: ${join(RESULTS, 'code-server.log')}`);
  }
}

const problems = () => page.locator('.markers-panel');
const problemRows = (rule: string, line?: number) => {
  let rows = problems().locator('.monaco-list-row').filter({ has: page.locator('.marker-code', { hasText: rule }) });
  if (line !== undefined) rows = rows.filter({ hasText: `[Ln ${line},` });
  return rows;
};
const statusItem = () => page.locator('.statusbar-item').filter({ hasText: /vharden/ }).first();

/**
 * Waits for a Problems row of `rule` with the panel's filter set to `text` (the list is virtualised:
 * one file's entries at a time). The filter is set again while waiting when it no longer holds `text`:
 * a host scan that ends meanwhile focuses the Host Findings view, and once (CI, 2026-12-02) the filter
 * was found empty with the entry in the unfiltered list.
 */
async function filteredRow(filter: Locator, text: string, rule: string, timeout: number): Promise<void> {
  const row = problemRows(rule).first();
  for (const until = Date.now() + timeout; ; await page.waitForTimeout(250)) {
    if ((await filter.inputValue()) !== text) await filter.fill(text);
    if (await row.isVisible()) return;
    if (Date.now() > until) throw new Error(`no ${rule} row with the filter "${text}" within ${timeout} ms`);
  }
}

async function showProblems(): Promise<void> {
  if (!(await problems().isVisible())) await page.keyboard.press('Control+Shift+M');
  await problems().waitFor({ state: 'visible', timeout: 10_000 });
}

/** Runs a command from the palette. Retries (bounded) while the workbench is still registering commands. */
async function runCommand(title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+Shift+P');
    await input.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => { throw new Error('the command palette did not open'); });
    await input.fill(`>${title}`);
    const found = await row.waitFor({ timeout: 10_000 }).then(() => true, () => false);
    if (found) break;
    await page.keyboard.press('Escape');
    if (attempt === 3) throw new Error(`the command palette has no "${title}"`);
  }
  await page.keyboard.press('Enter');
}

/** The count in the Problems view's file row ("3 problems in file web01.vmx …"), or 0 when absent. */
async function problemCount(file: string): Promise<number> {
  const row = problems().locator(`.monaco-list-row[aria-label*="in file ${basename(file)} "]`);
  if ((await row.count()) === 0) return 0;
  const m = /(\d+) problems?/.exec((await row.first().getAttribute('aria-label')) ?? '');
  return m ? Number(m[1]) : 0;
}

async function expectStatus(count: number): Promise<void> {
  await page.locator('.statusbar-item', { hasText: new RegExp(`vharden: ${count}\\b`) }).first().waitFor({ timeout: 15_000 }).catch(async () => {
    throw new Error(`status item should read "vharden: ${count}", it reads "${(await statusItem().textContent().catch(() => null)) ?? '(absent)'}"`);
  });
}

async function waitGone(rows: Locator, what: string, timeout = 20_000): Promise<void> {
  await rows.first().waitFor({ state: 'detached', timeout }).catch(() => {
    throw new Error(`${what} is still listed in the Problems view after ${timeout} ms`);
  });
}


/** A link to a rule's page: the client's docs command (VS Code opens the page in the Markdown preview) or the page itself. */
function linksDocs(href: string, rule: string): boolean {
  const command = `command:vharden.showDocumentation?${encodeURIComponent(JSON.stringify([rule]))}`;
  return href === command || decodeURIComponent(href) === decodeURIComponent(command) || href.endsWith(`/docs/rules/${rule}.md`);
}

describe('VS Code (code-server) with the packaged extension', { skip: missing, timeout: 15 * 60_000 }, () => {
  before(async () => {
    server = await startCodeServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: README_SHOTS ? 6 / 7 : 1 });
    page.setDefaultTimeout(STEP_TIMEOUT);
    await page.goto(server.folderUrl(server.workspace));
    await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 90_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    await shot('workbench');
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  for (const f of FORMATS) {
    describe(`${f.format}: ${f.file}`, () => {
      let broken: string | undefined;
      const check = (name: string, fn: () => Promise<void>) =>
        it(name, { timeout: STEP_TIMEOUT * 2 }, async (t: TestContext) => {
          if (broken) return t.skip(`an earlier step failed (${broken})`);
          try {
            await step(`${f.format}-${name.replace(/\W+/g, '-')}`, fn);
          } catch (err) {
            broken = name;
            throw err;
          }
        });
      const rules = [f.fix.rule, ...f.fixedOnSave, ...f.staysOnSave];
      let initial = 0;

      check('squiggles and Problems entries, linked to the docs, appear for the insecure file', async () => {
        await page.keyboard.press('Escape'); // leave whatever an earlier format left open
        await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 });
        await page.keyboard.press('Control+P');
        await page.locator('.quick-input-widget input.input').fill(f.file);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: basename(f.file) }).first().waitFor({ timeout: 20_000 });
        await page.keyboard.press('Enter');
        await page.locator('.tab.active', { hasText: basename(f.file) }).waitFor({ timeout: 20_000 });
        await page.locator('.monaco-editor .view-overlays [class*="squiggly-"]').first().waitFor({ timeout: 30_000 })
          .catch(() => { throw new Error(`no squiggle in ${f.file}: the language server published no diagnostics`); });
        await showProblems();
        for (const rule of rules) {
          await problemRows(rule).first().waitFor({ timeout: 20_000 })
            .catch(() => { throw new Error(`no ${rule} entry in the Problems view for ${f.file}`); });
          const href = await problemRows(rule).first().locator('a.monaco-link').getAttribute('href');
          assert.ok(href !== null && linksDocs(href, rule), `the ${rule} code links to its docs page, got ${href}`);
        }
        await problemRows(f.fix.rule, f.fix.line).first().waitFor({ timeout: 5_000 })
          .catch(() => { throw new Error(`no ${f.fix.rule} entry at line ${f.fix.line}`); });
        initial = await problemCount(f.file);
        assert.ok(initial >= rules.length, `Problems lists ${initial} entries for ${f.file}, expected at least ${rules.length}`);
        await shot(`${f.format}-diagnostics`);
        if (f.format === 'vmx') await readmeShot('diagnostics');
      });

      check('the status item shows the number of findings', async () => {
        await expectStatus(initial);
        await shot(`${f.format}-status`);
      });

      check('hover explains the finding and links its docs page', async () => {
        await page.mouse.move(0, 0); // a Problems row's tooltip left open can cover the row below it
        await problemRows(f.fix.rule, f.fix.line).first().locator('.marker-message').click(); // reveals and selects the finding (not its docs link)
        await page.keyboard.press('Control+1'); // focus the editor, keeping the selection
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I'); // editor.action.showHover
        const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').filter({ hasText: 'Risk.' }).first();
        await hover.waitFor({ timeout: 15_000 }).catch(() => { throw new Error(`no hover with the rule explanation at line ${f.fix.line}`); });
        const text = await hover.innerText();
        assert.match(text, new RegExp(f.fix.rule), 'hover names the rule');
        assert.match(text, /Fix\./, 'hover says how to fix it');
        const links = await hover.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? a.getAttribute('data-href') ?? ''));
        assert.ok(links.some((h) => linksDocs(h, f.fix.rule)), `hover links the ${f.fix.rule} docs page; links: ${links.join(', ')}`);
        await shot(`${f.format}-hover`);
        if (f.format === 'vmx') await readmeShot('hover');
        await page.keyboard.press('Escape');
        await hover.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
      });

      check('the quick fix (Ctrl+.) hardens the line and its diagnostic goes away', async () => {
        await page.keyboard.press('Control+.');
        const menu = page.locator('.action-widget');
        const item = menu.locator('.monaco-list-row', { hasText: f.fix.title }).first();
        await item.waitFor({ timeout: 15_000 }).catch(async () => {
          const offered = await menu.locator('.monaco-list-row').allInnerTexts().catch(() => []);
          throw new Error(`quick fix "${f.fix.title}" not offered; offered: ${offered.join(' | ') || '(no menu)'}`);
        });
        await shot(`${f.format}-quickfix-menu`);
        if (f.format === 'vmx') await readmeShot('quick-fix');
        // Choose it with the keyboard, as a user does: arrow down to the fix, then Enter.
        const focused = menu.locator('.monaco-list-row.focused');
        for (let i = 0; i < 20 && (await focused.getAttribute('aria-label')) !== f.fix.title; i++) await page.keyboard.press('ArrowDown');
        assert.equal(await focused.getAttribute('aria-label'), f.fix.title, 'the fix is selected in the quick-fix menu');
        await page.keyboard.press('Enter');
        await waitGone(problemRows(f.fix.rule, f.fix.line), `${f.fix.rule} at line ${f.fix.line}`);
        await page.locator('.tab.active.dirty', { hasText: basename(f.file) }).waitFor({ timeout: 5_000 });
        await shot(`${f.format}-quickfix-applied`);
      });

      check('fix-all on save applies the safe fixes only; the guarded finding stays', async () => {
        await page.keyboard.press('Control+1');
        await page.keyboard.press('Control+S');
        // Saved (the tab is clean) means the save participants ran and the file is written.
        await page.locator('.tab.active:not(.dirty)', { hasText: basename(f.file) }).waitFor({ timeout: 20_000 })
          .catch(() => { throw new Error(`${f.file} was not saved`); });
        const saved = readFileSync(join(server.workspace, f.file), 'utf8');
        for (const s of f.hardened) assert.ok(saved.includes(s), `${f.file} on disk contains ${s}`);
        for (const s of f.absent ?? []) assert.ok(!saved.includes(s), `${f.file} on disk no longer contains ${s}`);
        for (const rule of f.fixedOnSave) await waitGone(problemRows(rule), `${rule} (safe fix, applied on save)`);
        for (const rule of f.staysOnSave) {
          assert.ok(await problemRows(rule).count() > 0, `${rule} (guarded) must stay after fix-all on save`);
        }
        await shot(`${f.format}-fixall-on-save`);
      });

      check('the status item follows: fewer findings after the fixes', async () => {
        const remaining = await problemCount(f.file);
        assert.ok(remaining < initial && remaining >= f.staysOnSave.length, `Problems count went from ${initial} to ${remaining}`);
        await expectStatus(remaining);
        await shot(`${f.format}-status-after`);
        await runCommand('View: Close All Editors'); // closed files keep only their cross-file findings
        await page.locator('.tab').first().waitFor({ state: 'detached', timeout: 10_000 });
        let perFile: string[] = [];
        for (const until = Date.now() + 15_000; Date.now() < until; await page.waitForTimeout(250)) {
          perFile = (await page.locator('.markers-panel .marker-code').allTextContents()).map((c) => /[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+/.exec(c)?.[0] ?? c.trim()).filter((id) => !isCrossFileRuleId(id));
          if (perFile.length === 0) break;
        }
        assert.deepEqual(perFile, [], 'per-file diagnostics of closed files are cleared (cross-file ones stay)');
      });
    });
  }

  // Host scan (issue 7, branch `hostscan`): runs as soon as the extension contributes "vharden: Scan Host…".
  const scanCommand = manifest().contributes?.commands?.find((c) => /scan host/i.test(c.title));
  const views = Object.values(manifest().contributes?.views ?? {}).flat().filter((v) => v.id.startsWith('vharden'));
  describe('vharden: Scan Host… on a prepared host tree', {
    skip: scanCommand ? false : 'the extension does not contribute a "Scan Host…" command yet (issue 7, branch hostscan)',
  }, () => {
    it('a settings change reaches the cross-file findings of files that are not open', { timeout: 4 * STEP_TIMEOUT }, async () => {
      await step('settings-change', async () => {
        // the workspace index reports the bridge's missing mirror in interfaces, a file nobody opened
        // (host-net/etc/pve/qemu-server/120.conf puts a guest on it; the extension starts for the workspace's .vmx)
        await page.goto(server.folderUrl(server.hostTree));
        await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
        await showProblems();
        const bridge = HOST_TREE_EXTRAS[0]!;
        const rows = () => problemRows(bridge.rules[0]!);
        await rows().first().waitFor({ timeout: 60_000 }).catch(() => { throw new Error(`no ${bridge.rules[0]} entry for ${bridge.file} before any scan`); });
        const settings = join(server.hostTree, '.vscode', 'settings.json');
        mkdirSync(join(server.hostTree, '.vscode'), { recursive: true });
        writeFileSync(settings, JSON.stringify({ 'vharden.rules': { [bridge.rules[0]!]: 'off' } }));
        await waitGone(rows(), `${bridge.rules[0]} after vharden.rules turned it off`, 30_000);
        await shot('settings-rule-off');
        rmSync(settings);
        await rows().first().waitFor({ timeout: 30_000 }).catch(() => { throw new Error(`${bridge.rules[0]} did not come back once the setting was removed`); });
      });
    });

    it('fills the Problems view for files that are not open, and the tree view', { timeout: 4 * STEP_TIMEOUT }, async () => {
      await step('hostscan', async () => {
        await page.goto(server.folderUrl(server.hostTree));
        await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
        // The extension's view container in the activity bar: its contributions are registered.
        await page.locator('.activitybar .action-item [aria-label^="vharden"]').first().waitFor({ timeout: 60_000 })
          .catch(() => { throw new Error('no vharden icon in the activity bar: the extension is not installed'); });
        await runCommand(`${scanCommand!.category ? `${scanCommand!.category}: ` : ''}${scanCommand!.title}`);
        // The picker offers this workspace, this machine, or a folder: the prepared tree is the workspace.
        const choice = page.locator('.quick-input-list .monaco-list-row', { hasText: /workspace/i }).first();
        await choice.waitFor({ timeout: 15_000 }).catch(async () => {
          const offered = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
          throw new Error(`no "workspace" choice in the host-scan picker; offered: ${offered.join(' | ')}`);
        });
        await shot('hostscan-picker');
        await choice.click();
        await showProblems();
        const filter = page.getByPlaceholder(/^Filter \(e\.g\. text/);
        for (const f of FORMATS) {
          for (const rule of [f.fix.rule, ...f.fixedOnSave, ...f.staysOnSave]) {
            await filteredRow(filter, f.file, rule, 60_000)
              .catch(() => { throw new Error(`the host scan put no ${rule} entry (${f.file}) in the Problems view`); });
          }
          assert.ok(await problemCount(f.file) > 0, `Problems has a file row for ${f.file}`);
        }
        await filter.fill('');
        assert.equal(await page.locator('.tab').count(), 0, 'the scan reported files without opening them');
        await shot('hostscan-problems');
        assert.ok(views.length > 0, 'the extension contributes a vharden tree view');
        const view = views[0]!;
        await runCommand(`Focus on ${view.name} View`);
        const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: view.name }) }).first();
        await pane.locator('.monaco-list-row').first().waitFor({ timeout: 30_000 })
          .catch(() => { throw new Error(`the ${view.name} view shows no items after the scan`); });
        const first = FORMATS[0]!;
        await pane.locator('.monaco-list-row', { hasText: first.fix.rule }).first().waitFor({ timeout: 10_000 })
          .catch(() => { throw new Error(`the ${view.name} view does not list ${first.fix.rule}`); });
        await shot('hostscan-tree');
        await readmeShot('host-findings');
      });
    });

    it('scans a folder holding a copy of a host\'s files as the host root', { timeout: 4 * STEP_TIMEOUT }, async () => {
      await step('hostscan-folder', async () => {
        const cases = [
          ...FORMATS.filter((f) => f.hostPath).map((f) => ({ hostPath: f.hostPath!, rules: [f.fix.rule, ...f.fixedOnSave, ...f.staysOnSave] })),
          ...HOST_TREE_EXTRAS,
        ];
        assert.ok(cases.length > 0, 'formats.ts names host paths');
        await page.keyboard.press('Escape');
        await runCommand(`${scanCommand!.category ? `${scanCommand!.category}: ` : ''}${scanCommand!.title}`);
        const choice = page.locator('.quick-input-list .monaco-list-row', { hasText: /copy of a host/i }).first();
        await choice.waitFor({ timeout: 15_000 }).catch(() => { throw new Error('no "copy of a host\'s files" choice in the host-scan picker'); });
        await choice.click();
        // VS Code's own folder dialog (code-server has no native one): type the path, then its OK button.
        const input = page.locator('.quick-input-widget input.input');
        await input.waitFor({ state: 'visible', timeout: 15_000 }).catch(() => { throw new Error('the folder dialog did not open'); });
        const rows = page.locator('.quick-input-list .monaco-list-row');
        // It opens on the workspace folder and fills its list asynchronously: type only once that is done.
        await rows.filter({ hasText: 'ansible' }).first().waitFor({ timeout: 15_000 })
          .catch(() => { throw new Error('the folder dialog did not list the workspace folder'); });
        await input.fill(`${server.hostRoot}/`);
        await rows.filter({ hasText: 'etc' }).first().waitFor({ timeout: 15_000 })
          .catch(() => { throw new Error(`the folder dialog does not show ${server.hostRoot}`); });
        await rows.filter({ hasText: 'ansible' }).first().waitFor({ state: 'detached', timeout: 15_000 });
        assert.equal(await input.inputValue(), `${server.hostRoot}/`, 'the folder dialog kept the typed path');
        await shot('hostscan-folder-dialog');
        await page.locator('.quick-input-widget .monaco-button', { hasText: /Scan as host root|OK/ }).first().click();
        await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 })
          .catch(() => { throw new Error('the folder dialog did not accept the folder'); });
        await showProblems();
        const filter = page.getByPlaceholder(/^Filter \(e\.g\. text/);
        for (const f of cases) {
          for (const rule of f.rules) {
            await filteredRow(filter, `host-root/${f.hostPath}`, rule, 60_000)
              .catch(() => { throw new Error(`the folder scan put no ${rule} entry (${f.hostPath}) in the Problems view`); });
          }
        }
        await filter.fill('');
        await shot('hostscan-folder-problems');
        const host = page.locator('.pane .monaco-list-row', { hasText: 'host-root' }).first();
        await host.waitFor({ timeout: 15_000 }).catch(() => { throw new Error('the Host Findings view has no entry for the host-root folder'); });
        await shot('hostscan-folder-tree');
      });
    });

    it('a second scan replaces only its own host: the first scan\'s entries and the editor\'s findings stay', { timeout: 2 * STEP_TIMEOUT }, async () => {
      await step('hostscan-second', async () => {
        // the workspace scan (first) reported files the folder scan (second) does not cover
        await showProblems();
        const filter = page.getByPlaceholder(/^Filter \(e\.g\. text/);
        const only = FORMATS.find((f) => !f.hostPath) ?? FORMATS[0]!;
        await filteredRow(filter, only.file, only.fix.rule, 15_000)
          .catch(() => { throw new Error(`the second scan removed the first scan's ${only.fix.rule} entry (${only.file})`); });
        // the editor's own cross-file finding on the workspace's bridge is still there
        await filteredRow(filter, HOST_TREE_EXTRAS[0]!.file, HOST_TREE_EXTRAS[0]!.rules[0]!, 15_000)
          .catch(() => { throw new Error('the editor\'s cross-file finding is gone after two scans'); });
        await filter.fill('');
        const hosts = page.locator('.pane .monaco-list-row', { hasText: /workspace \(|host-root/ });
        assert.ok(await hosts.count() >= 2, 'Host Findings lists both scanned hosts');
        await shot('hostscan-second');
      });
    });
  });

  // Live scan (issue 16): the palette command against vcsim on loopback, the Host Findings view and a finding's tooltip.
  describe('vharden: Scan vCenter / ESXi… against vcsim', { skip: vcsimMissing() ?? false }, () => {
    let sim: Sim;
    before(async () => (sim = await startVcsim()));
    after(() => sim?.stop());

    it('asks for the server, TLS, user and password, then lists the findings by host with each object\'s inventory path', { timeout: 4 * STEP_TIMEOUT }, async () => {
      await step('vsphere-scan', async () => {
        await page.keyboard.press('Escape');
        await runCommand('vharden: Scan vCenter / ESXi…');
        const input = page.locator('.quick-input-widget input.input');
        const answer = async (what: RegExp, text: string) => {
          await page.locator('.quick-input-widget', { hasText: what }).waitFor({ state: 'visible', timeout: 15_000 }).catch(() => { throw new Error(`no input box for ${what}`); });
          await input.fill(text);
          await page.keyboard.press('Enter');
        };
        await answer(/Scan vCenter \/ ESXi/, sim.url);
        const tls = page.locator('.quick-input-list .monaco-list-row', { hasText: /PEM file/ }).first();
        await tls.waitFor({ timeout: 15_000 }).catch(() => { throw new Error('no TLS choice "Trust the certificates in a PEM file…"'); });
        await tls.click();
        // VS Code's own file dialog (code-server has no native one): type the certificate's path, then accept it
        await input.waitFor({ state: 'visible', timeout: 15_000 }).catch(() => { throw new Error('the file dialog did not open'); });
        await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 15_000 });
        await input.fill(sim.caFile);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: basename(sim.caFile) }).first().waitFor({ timeout: 15_000 })
          .catch(() => { throw new Error(`the file dialog does not show ${sim.caFile}`); });
        await page.locator('.quick-input-widget .monaco-button', { hasText: /Trust|OK/ }).first().click();
        await answer(/user on/, sim.user);
        await answer(/password of/, sim.password);
        // the scan is done when the Summary names the vCenter
        await page.locator('.pane .monaco-list-row', { hasText: `${sim.url} (vsphere)` }).first().waitFor({ timeout: 90_000 })
          .catch(() => { throw new Error('the Summary view has no entry for the vCenter'); });
        const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Host Findings' }) }).first();
        // the earlier host scans' groups come first and hold findings of the same rules: fold them (the
        // tree shows only the rows that fit), then unfold the vCenter's
        const other = pane.locator('.monaco-list-row[aria-level="1"][aria-expanded="true"]').filter({ hasNotText: sim.url }).first();
        for (let i = 0; i < 10 && (await other.count()) > 0; i++) {
          await other.click();
          await page.waitForTimeout(300);
        }
        const host = pane.locator('.monaco-list-row[aria-level="1"]', { hasText: `${sim.url} (vsphere)` }).first();
        await host.waitFor({ timeout: 15_000 }).catch(() => { throw new Error('the Host Findings view has no entry for the vCenter'); });
        if ((await host.getAttribute('aria-expanded')) === 'false') await host.click();
        const rule = pane.locator('.monaco-list-row', { hasText: 'ESXCONF-FW-SSH' }).first();
        await rule.waitFor({ timeout: 15_000 }).catch(() => { throw new Error('Host Findings does not list ESXCONF-FW-SSH'); });
        await rule.click();
        const finding = pane.locator('.monaco-list-row', { hasText: /SSH/ }).filter({ hasText: /DC0_H0\.vsphere\.json/ }).first();
        await finding.waitFor({ timeout: 15_000 }).catch(() => { throw new Error('ESXCONF-FW-SSH has no finding on DC0_H0'); });
        await finding.hover();
        const tooltip = page.locator('.monaco-hover, .workbench-hover', { hasText: '/DC0/host/DC0_H0/DC0_H0' }).first();
        await tooltip.waitFor({ state: 'visible', timeout: 15_000 }).catch(async () => {
          throw new Error(`the finding's tooltip does not name its inventory path; it reads: ${(await finding.getAttribute('title')) ?? (await page.locator('.monaco-hover, .workbench-hover').allInnerTexts()).join(' | ')}`);
        });
        assert.match(await tooltip.innerText(), /host DC0_H0/);
        await shot('vsphere-host-findings');
        // the snapshot's files are in Problems (the host's firewall rule set open to all)
        await showProblems();
        const filter = page.getByPlaceholder(/^Filter \(e\.g\. text/);
        await filter.fill('DC0_H0.vsphere.json'); // the list is virtualised: show the snapshot's entries only
        await problemRows('ESXCONF-FW-SSH').first().waitFor({ timeout: 30_000 }).catch(() => { throw new Error('Problems has no ESXCONF-FW-SSH entry of the snapshot'); });
        await shot('vsphere-problems');
        await filter.fill('');
      });
    });
  });

  // Issue 21: the editor as an assistant. Runs in the host tree (an unmodified copy of the workspace).
  describe('completion, code lenses, inlay hints and the walkthrough', () => {
    const assist = (name: string, fn: () => Promise<void>) => it(name, { timeout: 2 * STEP_TIMEOUT }, () => step(`assist-${name.replace(/\W+/g, '-')}`, fn));

    assist('completion offers a .vmx key with its hardened value and the rule that judges it', async () => {
      await page.goto(server.folderUrl(server.hostTree));
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
      if (await page.locator('.part.panel').isVisible()) { // more of the editor in the screenshots
        await runCommand('View: Hide Panel');
        await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 10_000 });
      }
      await openFile('vmware/web01.vmx');
      await page.locator('.monaco-editor .view-overlays [class*="squiggly-"]').first().waitFor({ timeout: 30_000 });
      await page.keyboard.press('Control+1');
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\nusb.pre');
      await page.keyboard.press('Control+Space');
      const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'usb.present' }).first();
      await row.waitFor({ timeout: 20_000 }).catch(() => { throw new Error('no usb.present in the suggestions'); });
      const details = page.locator('.suggest-details');
      if (!(await details.isVisible())) await page.keyboard.press('Control+Space'); // show the documentation beside the list
      await details.filter({ hasText: 'VMX-ISO-USB' }).first().waitFor({ timeout: 10_000 }).catch(() => { throw new Error('the suggestion\'s documentation does not name VMX-ISO-USB'); });
      await shot('assist-completion');
      await readmeShot('completion');
      await page.keyboard.press('Enter');
      await page.locator('.view-line', { hasText: 'usb.present = "FALSE"' }).first().waitFor({ timeout: 10_000 })
        .catch(() => { throw new Error('accepting the suggestion did not write usb.present = "FALSE"'); });
      await runCommand('File: Revert File');
      await page.locator('.tab.active:not(.dirty)', { hasText: 'web01.vmx' }).waitFor({ timeout: 10_000 });
    });

    assist('a code lens above each Proxmox acl line says what it grants', async () => {
      // written now, so the host scans above do not count its findings
      cpSync(join(REPO, 'examples', 'proxmox', 'etc', 'pve', 'user.cfg'), join(server.hostTree, 'proxmox', 'etc', 'pve', 'user.cfg'));
      await openFile('proxmox/etc/pve/user.cfg');
      const lens = page.locator('.codelens-decoration', { hasText: 'Administrator on / (propagates) for @operators: all' }).first();
      await lens.waitFor({ timeout: 30_000 }).catch(async () => {
        const shown = await page.locator('.codelens-decoration').allInnerTexts();
        throw new Error(`no Administrator lens above the acl line; lenses: ${shown.join(' | ') || '(none)'}`);
      });
      assert.ok(await page.locator('.codelens-decoration', { hasText: 'tfSys on / (propagates) for terraform@pve: 3 privileges: Sys.Modify' }).count() > 0, 'the custom role tfSys is resolved from the same file');
      await shot('assist-acl-lens');
      await readmeShot('code-lens-acl');
    });

    assist('a code lens above a bridge counts the guests of the files linked with it', async () => {
      await openFile('host-net/etc/network/interfaces');
      await page.locator('.codelens-decoration', { hasText: /\d+ guests? · not mirrored/ }).first().waitFor({ timeout: 30_000 })
        .catch(() => { throw new Error('no "guests · not mirrored" lens above the bridge'); });
      await shot('assist-switch-lens');
      await readmeShot('code-lens-switch');
    });

    assist('an inlay hint shows the default of an omitted option a rule judges', async () => {
      await openFile('proxmox/etc/pve/qemu-server/110.conf');
      // net0 has no firewall=: the hint writes its default at the end of the line
      await page.locator('.view-line', { hasText: /bridge=vmbr0\s*firewall=0/ }).first().waitFor({ timeout: 30_000 })
        .catch(() => { throw new Error('no firewall=0 hint at the end of net0'); });
      await shot('assist-inlay-hint');
      await readmeShot('inlay-hints');
    });

    assist('the walkthrough lists its five steps, and its first step opens an example', async () => {
      await runCommand('Welcome: Open Walkthrough...');
      const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with vharden' }).first();
      await pick.waitFor({ timeout: 15_000 }).catch(() => { throw new Error('the walkthrough picker has no "Get Started with vharden"'); });
      await pick.click();
      const steps = page.locator('.getting-started-step');
      await steps.filter({ hasText: 'Open an example' }).first().waitFor({ timeout: 20_000 });
      for (const title of ['Scan a host tree', 'Set the monitoring policy', 'Create a baseline', 'Export a report']) {
        assert.ok(await steps.filter({ hasText: title }).count() > 0, `the walkthrough shows the step "${title}"`);
      }
      // the step's Markdown page renders in a webview: an iframe holding the active frame
      const media = page.frameLocator('.getting-started-media iframe').first().frameLocator('iframe').first();
      await media.locator('h1', { hasText: 'Open an example' }).waitFor({ timeout: 20_000 })
        .catch(() => { throw new Error('the first step\'s Markdown page (resources/walkthrough/open-example.md) is not shown'); });
      await shot('assist-walkthrough');
      await readmeShot('walkthrough');
      const example = page.locator('.quick-input-list .monaco-list-row', { hasText: 'user.cfg' }).first();
      // the picker closes when focus leaves it, and the step's webview may take focus as it finishes
      // loading (once in CI, 2026-12-02, the row was there and gone before the click): ask again, at most three times
      for (let attempt = 1; ; attempt++) {
        await page.locator('.getting-started-step .monaco-button', { hasText: 'Open an Example' }).first().click();
        await example.waitFor({ timeout: 15_000 }).catch(() => { throw new Error('"Open an Example" offered no user.cfg'); });
        const picked = await example.click({ timeout: 5_000 }).then(() => true, (err: unknown) => {
          if (attempt === 3) throw err;
          return false;
        });
        if (picked) break;
      }
      await page.locator('.codelens-decoration', { hasText: 'Administrator on /' }).first().waitFor({ timeout: 30_000 })
        .catch(() => { throw new Error('the untitled example shows no ACL lens'); });
      await shot('assist-example');
    });
  });
});

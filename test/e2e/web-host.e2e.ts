// The web extension in a browser host: code-server with vharden forced into the browser's web worker
// extension host (`remote.extensionKind`: ui), so the `browser` entry (client/src/browser.ts) runs and
// starts the server worker (dist/web/server.js). Needs code-server and the .vsix: npm run test:e2e.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CODE_SERVER, VSIX, startCodeServer, type CodeServer } from './code-server';

const CHROMIUM = '/usr/bin/chromium';
const RESULTS = join(__dirname, '..', '..', 'test-results', 'e2e');
const missing = !existsSync(CODE_SERVER) ? 'code-server not installed: run npm run test:e2e' : !existsSync(VSIX) ? 'vharden.vsix missing: run npm run package' : !existsSync(CHROMIUM) ? 'chromium not installed' : false;

let server: CodeServer;
let browser: Browser;
let page: Page;
const log: string[] = [];

describe('web extension in the browser extension host (code-server)', { skip: missing, timeout: 5 * 60_000 }, () => {
  before(async () => {
    server = await startCodeServer({ 'remote.extensionKind': { 'vharden.vharden': ['ui'] }, 'extensions.webWorker': true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => log.push(m.text()));
    await page.goto(server.folderUrl(server.workspace));
    await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 90_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a .vmx opened in the workbench gets its findings from the web worker server', async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'vmware' }).first().click();
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'web01.vmx' }).first().click();
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row').filter({ has: page.locator('.marker-code', { hasText: 'VMX-DEBUGSTUB-REMOTE' }) });
    await row.first().waitFor({ timeout: 60_000 }).catch(() => {
      throw new Error(`no VMX-DEBUGSTUB-REMOTE in Problems; console: ${log.filter((l) => /vharden|worker/i.test(l)).join(' | ')}`);
    });
    assert.ok(log.some((l) => /web worker extension host/i.test(l)), 'the workbench started its web worker extension host');
    assert.ok(!log.some((l) => /Activating extension 'vharden\.vharden' failed/.test(l)), log.join('\n'));
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'web-host-problems.png') });
    // the Problems entry's code link opens the rule page, read from the extension through the editor's file system
    await row.first().locator('a.monaco-link').click();
    await page.locator('.tabs-container .tab', { hasText: 'VMX-DEBUGSTUB-REMOTE' }).first().waitFor({ timeout: 30_000 }).catch(() => {
      throw new Error(`the rule page did not open; console: ${log.filter((l) => /vharden|documentation/i.test(l)).join(' | ')}`);
    });
    // the preview renders in a webview (nested frames): wait for the page's text in one of them
    const rendered = async (): Promise<boolean> => {
      for (const frame of page.frames()) if ((await frame.locator('body').innerText({ timeout: 1000 }).catch(() => '')).includes('GDB debug stub reachable from the network')) return true;
      return false;
    };
    for (let i = 0; i < 60 && !(await rendered()); i++) await page.waitForTimeout(500);
    assert.ok(await rendered(), 'the rule page is rendered in the Markdown preview');
    await page.screenshot({ path: join(RESULTS, 'web-host-docs.png') });
    // the web client contributes no host scans: the desktop client's context key is not set
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.fill('>vharden:');
    // the palette has filtered once the web client's own commands are listed; then no host scan is among them
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Restart Server' }).first().waitFor({ timeout: 15_000 });
    const titles = await page.locator('.quick-input-list .monaco-list-row').allTextContents();
    assert.ok(!titles.some((t) => /Scan Host|Scan vCenter|Export Report/.test(t)), titles.join(' | '));
    await page.keyboard.press('Escape');
  });
});

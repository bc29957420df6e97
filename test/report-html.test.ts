import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { registerDataFile } from '../server/src/engine/data-files';
import { runScan } from '../server/src/node/run-scan';
import { renderReport } from '../server/src/report/render';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const INSECURE = readFileSync(join(ROOT, 'examples', 'vmware', 'build-fw-lab.vmx'), 'utf8');
const EVIL_NAME = '<img src=x onerror=alert(1)>.vmx';

function chromium(): string | undefined {
  for (const c of ['chromium', 'chromium-browser', 'google-chrome']) {
    if (spawnSync('which', [c]).status === 0) return c;
  }
  return undefined;
}

/** A host tree with hostile text in a value, a file name and a waiver reason, plus a baseline and an unreadable link. */
function hostile(): { root: string; baseline: string } {
  const root = mkdtempSync(join(tmpdir(), 'vharden-html-'));
  const dir = join(root, 'etc', 'vmware');
  mkdirSync(dir, { recursive: true });
  const evil = INSECURE.replace('telnet://:7002', 'telnet://:7002/</pre><script>alert("x")</script>')
    .replace('usb_xhci.present = "TRUE"', 'usb_xhci.present = "TRUE" # vharden-ignore VMX-ISO-USB -- <b>card reader</b> & "token"');
  writeFileSync(join(dir, EVIL_NAME), evil);
  writeFileSync(join(dir, 'baselined.vmx'), INSECURE);
  symlinkSync(join(root, 'missing'), join(dir, 'dangling.vmx'));
  const baseline = join(root, 'baseline.json');
  const created = spawnSync(process.execPath, [CLI, 'baseline', 'create', '--root', root, '-o', baseline], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(created.status, 0, created.stderr);
  // keep only the entries of baselined.vmx, so the other file's findings stay new
  const b = JSON.parse(readFileSync(baseline, 'utf8'));
  b.entries = b.entries.filter((e: any) => e.path.endsWith('baselined.vmx'));
  b.entries.push({ path: 'etc/vmware/gone.vmx', ruleId: 'VMX-CONSOLE-VNC', locator: 'remotedisplay.vnc.enabled', count: 1 });
  writeFileSync(baseline, JSON.stringify(b));
  return { root, baseline };
}

describe('HTML and Markdown reports', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  it('HTML is one self-contained file with every section, and escapes everything', () => {
    const { root, baseline } = hostile();
    registerDataFile({ name: 'Test advisories', date: '2026-10-01', source: '<vendor>' });
    const outcome = runScan({ host: { root }, baseline: { file: baseline, nearest: false } });
    const html = renderReport('html', outcome, { version: '9.9.9', baseline: true });
    for (const id of ['summary', 'findings', 'waivers', 'baselined', 'paths', 'not-read', 'about']) assert.match(html, new RegExp(`id="${id}"`), `section ${id}`);
    assert.doesNotMatch(html, /<script|<img|<b>|<link|<iframe/i, 'no markup from input');
    assert.doesNotMatch(html, /<[a-z]+\s[^>]*\b(src|href)="(?!#)|url\(|@import/i, 'no external resources: only in-page links');
    assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;\.vmx/);
    assert.match(html, /&lt;b&gt;card reader&lt;\/b&gt; &amp; &quot;token&quot;/, 'waiver reason shown, escaped');
    assert.match(html, /Test advisories: 2026-10-01 \(&lt;vendor&gt;\)/, 'data file dates');
    assert.match(html, /vharden 9\.9\.9/);
    assert.match(html, /\/etc\/vmware\/dangling\.vmx<\/code>: broken symbolic link/);
    assert.match(html, /etc\/vmware\/gone\.vmx/, 'stale baseline entry');
    // worst first: the first finding in the summary list is the critical one
    assert.match(html, /<h3>Worst findings<\/h3><ol>\n<li><span class="sev critical">/);
  });

  it('renders in headless Chromium with its sections and no script', (t) => {
    const browser = chromium();
    if (!browser) {
      t.skip('chromium is not installed (apt-get install -y chromium)');
      return;
    }
    const { root, baseline } = hostile();
    const out = join(root, 'report.html');
    const r = spawnSync(process.execPath, [CLI, 'scan', '--root', root, '--baseline', baseline, '--format', 'html', '-o', out], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(r.status, 1, r.stderr);
    const profile = mkdtempSync(join(tmpdir(), 'vharden-chromium-'));
    const dump = spawnSync(browser, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--dump-dom', pathToFileURL(out).href], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 60_000 });
    assert.equal(dump.status, 0, dump.stderr);
    const dom = dump.stdout;
    for (const id of ['summary', 'findings', 'waivers', 'baselined', 'paths', 'about']) assert.match(dom, new RegExp(`<section id="${id}">`), `section ${id} in the DOM`);
    assert.match(dom, /<h2>Waivers \(suppressed findings\)<\/h2>/);
    assert.doesNotMatch(dom, /<script|<img/i, 'hostile input did not become elements');
    assert.match(dom, /&lt;img src=x onerror=alert\(1\)&gt;\.vmx/);
    assert.match(dom, /<td>exposed-management<\/td>/);
  });

  it('Markdown has the same sections and keeps hostile text inert', () => {
    const { root, baseline } = hostile();
    const md = renderReport('markdown', runScan({ host: { root }, baseline: { file: baseline, nearest: false } }), { version: '9.9.9', baseline: true });
    for (const h of ['## Summary', '## Findings by family', '## Waivers (suppressed findings)', '## Baselined findings', '### Baseline entries that no longer match (fixed or moved)', '## Scanned paths', '### Paths not read', '## About this report']) {
      assert.ok(md.includes(`\n${h}\n`), h);
    }
    const outsideCode = md.replace(/^ *(`{3,})text\n[\s\S]*?^ *\1$/gm, '').replace(/(`+)[^`]*?\1/g, '');
    assert.doesNotMatch(outsideCode, /(?<!\\)<(script|img|b>|\/pre)/, 'no unescaped HTML from input outside code');
    assert.match(md, /\\<b\\>card reader\\<\/b\\>/);
  });
});

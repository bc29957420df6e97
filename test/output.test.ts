import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progressLine } from '../server/src/cli/progress';
import { textReport } from '../server/src/report/text';
import type { Finding } from '../server/src/engine/types';
import { hoverText } from '../server/src/lsp/hover';
import { markdownReport } from '../server/src/report/markdown';
import { buildReportModel } from '../server/src/report/model';
import type { ScanResult } from '../server/src/node/scan';
import { advisoriesInfo } from '../server/src/rules/patch/advisories';

// Values from scanned files reach terminals, editors and rendered Markdown: none may act as markup or control.
const OSC_TITLE = '\x1b]0;title\x07';
const ERASE = '\x1b[2K';
const CRAFTED = `x ${OSC_TITLE} ${ERASE}\r✓ 0 findings \u202Eevil\u202C \x9b31m [x](https://evil) ![i](https://evil/p.png) <img src=x> @someone *hid* _den_ ~~gone~~ https://evil.example/login www.evil.example admin@evil.example`;

function finding(message: string, extra: Partial<Finding> = {}): Finding {
  return { ruleId: 'VMX-CONSOLE-VNC', locator: 'RemoteDisplay.vnc.enabled', message, severity: 'critical', line: 0, start: 0, end: 1, character: 0, endLine: 0, endCharacter: 1, ...extra };
}

function result(findings: Finding[], path = `/tmp/ws/vm${ERASE}.vmx`): ScanResult {
  return { roots: ['/tmp/ws'], files: [{ path, format: 'vmx', findings }], visited: 1, checked: 1, ignored: 0, problems: [{ path: `/tmp/ws/odd${OSC_TITLE}`, reason: `bad ${ERASE}` }], fixed: 0, cancelled: false, advisories: advisoriesInfo(undefined), stale: [], configUse: new Map(), notWritten: [], profile: 'auto' };
}

/** Escape sequences other than the report's own colours (SGR: ESC [ digits ; m). */
function foreignControls(s: string): string[] {
  return [...s.replace(/\x1b\[[0-9;]*m/g, '').matchAll(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g)].map((m) => JSON.stringify(m[0]));
}

describe('text output: no control characters from scanned files', () => {
  const findings = [finding(CRAFTED), finding('ok', { suppressed: { kind: 'line', reason: `lab ${OSC_TITLE}`, start: 0, end: 0 } })];
  for (const color of [false, true]) {
    it(`text report (${color ? 'colour' : 'plain'})`, () => {
      const out = textReport(result(findings), { color, showSuppressed: true, staleBaseline: [{ path: `a${ERASE}`, ruleId: 'VMX-X', locator: `k${OSC_TITLE}`, count: 1, missing: 1 }] });
      assert.deepEqual(foreignControls(out.replace(/\n/g, '')), []);
      assert.match(out, /\\x1b\]0;title\\x07/, 'shown escaped, not dropped');
      assert.match(out, /\\u202e/);
      assert.ok(!out.split('\n').some((l) => l.startsWith('✓ 0 findings')), 'a value cannot forge a report line');
    });
  }

  it('progress line', () => {
    const written: string[] = [];
    let t = 0;
    const p = progressLine((s) => written.push(s), () => (t += 1000));
    p.update(`/tmp/${OSC_TITLE}${ERASE}\u202Ename.vmx`, 1);
    p.done();
    const out = written.join('').replace(/\r\x1b\[2K/g, '');
    assert.deepEqual(foreignControls(out), []);
    assert.match(out, /\\x1b\]0;title/);
  });
});

let md: { render(s: string): string } | undefined;
try {
  // markdown-it ships with the packaging tools (devDependencies); the structural checks below run without it
  md = new (require('markdown-it'))({ linkify: true, html: true });
} catch {
  md = undefined;
}

/** The crafted value, once rendered, makes no link, image, HTML element or emphasis, and mentions nobody. */
function assertInert(markdown: string, where: string): void {
  // what a renderer reads as markup: not code spans (literal), not backslash-escaped characters
  const live = markdown.replace(/(`+)[^`][\s\S]*?\1/g, '').replace(/\\[\s\S]/g, '');
  for (const raw of ['[x](https://evil)', '![i]', '<img', '@someone', '*hid*', '_den_', '~~gone~~', 'admin@evil']) assert.ok(!live.includes(raw), `${where}: ${raw} appears as written`);
  assert.deepEqual(foreignControls(markdown.replace(/[\n\t]/g, '')), [], where);
  if (!md) return;
  const html = md.render(markdown);
  assert.ok(!/<img|<(em|strong)>(hid|den)|<(s|del)>gone/.test(html), `${where}: the value became markup: ${html}`);
  // a bare URL may be linked: its text is its target; a link whose text hides it may not
  for (const [, href, text] of html.matchAll(/<a href="([^"]*evil[^"]*)"[^>]*>([\s\S]*?)<\/a>/g)) assert.ok([href, decodeURI(href!)].some((h) => h === text || h === `http://${text}`), `${where}: link text "${text}" hides ${href}`);
}

describe('Markdown output: values from files are inert', () => {
  it('LSP hover', () => {
    assertInert(hoverText(finding(CRAFTED)), 'hover');
    assertInert(hoverText(finding('ok', { object: { kind: 'vm', name: CRAFTED, path: `/DC1/vm/${CRAFTED}` } })), 'hover of a live object');
  });

  it('Markdown report (message, path, suppression reason, snippet-free)', () => {
    const r = result([finding(CRAFTED), finding(`second ${CRAFTED}`, { suppressed: { kind: 'file', reason: CRAFTED, start: 0, end: 0 } })], `/tmp/ws/[x](https://evil)@someone.vmx`);
    const model = buildReportModel(r, { version: '0.0.0', now: new Date(0) });
    assertInert(markdownReport(model), 'markdown report');
  });
});

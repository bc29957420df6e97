import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultConfig } from '../server/src/engine/config';
import { fixAll, lintText } from '../server/src/engine/engine';
import { LineIndex, applyEdits } from '../server/src/engine/text';

const LINES = [
  '.encoding = "UTF-8"',
  'config.version = "8"',
  'virtualHW.version = "13"',
  'displayName = "vm|22x|22"',
  'scsi0:0.fileName = "/vmfs/volumes/ds/vm.vmdk"',
  'ethernet0.networkName = "VM Network"',
  'RemoteDisplay.vnc.enabled = "TRUE"',
  'RemoteDisplay.vnc.enabled = "FALSE"',
  'remotedisplay.maxconnections = "-1"',
  'serial0.fileType = "network"',
  'serial0.fileName = "telnet://:7002"',
  'debugStub.listen.guest32.remote = "TRUE"',
  'usb.present = "TRUE"',
  'isolation.tools.paste.disable = "FALSE"',
  'isolation.tools.hgfsServerSet.disable = "FALSE"',
  'tools.guestlib.enableHostInfo = "true"',
  'sched.mem.pshare.salt = "s"',
  '# a comment',
  '   # indented comment',
  '',
  'ehci.present = "TRUE" # vharden-ignore VMX-ISO-USB -- lab',
  '# vharden-ignore VMX-ISO-TPS-SALT',
  'broken = "no closing quote',
  'not a setting',
];

const vmxText = fc
  .record({
    lines: fc.array(fc.constantFrom(...LINES), { minLength: 0, maxLength: 30 }),
    eol: fc.constantFrom('\n', '\r\n'),
    finalEol: fc.boolean(),
  })
  .map(({ lines, eol, finalEol }) => lines.join(eol) + (finalEol && lines.length ? eol : ''));

const lint = (text: string) => lintText({ path: 'prop.vmx', text, config: defaultConfig() });

describe('fix properties (fast-check)', () => {
  it('a fix changes only the lines it targets', () => {
    fc.assert(
      fc.property(vmxText, (text) => {
        const index = new LineIndex(text);
        for (const f of lint(text).findings) {
          for (const fix of f.fixes ?? []) {
            const first = Math.min(...fix.edits.map((e) => e.start));
            const last = Math.max(...fix.edits.map((e) => e.end));
            const from = index.lineStart(index.position(first).line);
            const to = index.lineEndWithBreak(index.position(last).line);
            const { text: after, skipped } = applyEdits(text, fix.edits);
            assert.equal(skipped, 0);
            assert.ok(after.startsWith(text.slice(0, from)), `${fix.title}: bytes before the targeted line are unchanged`);
            assert.ok(after.endsWith(text.slice(to)), `${fix.title}: bytes after the targeted line are unchanged`);
            if (!['VH-DUPLICATE-KEY', 'VMX-ISO-TPS-SALT'].includes(f.ruleId)) assert.equal(fix.edits.length, 1, 'vmx value fixes are single edits');
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('applying a fix twice equals applying it once', () => {
    fc.assert(
      fc.property(vmxText, (text) => {
        for (const f of lint(text).findings) {
          for (const fix of f.fixes ?? []) {
            const once = applyEdits(text, fix.edits).text;
            const again = lint(once).findings.find((g) => g.ruleId === f.ruleId && g.locator === f.locator && !g.suppressed);
            const twice = again?.fixes?.find((x) => x.title === fix.title) ? applyEdits(once, again.fixes.find((x) => x.title === fix.title)!.edits).text : once;
            assert.equal(twice, once, `${f.ruleId}: "${fix.title}" is idempotent`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('fix-all is idempotent and only removes safe-fixable findings', () => {
    fc.assert(
      fc.property(vmxText, (text) => {
        const input = { path: 'prop.vmx', text, config: defaultConfig() };
        const once = fixAll(input).text;
        assert.equal(fixAll({ ...input, text: once }).text, once);
        const left = lint(once).findings.filter((f) => !f.suppressed && f.fixes?.some((x) => x.safety === 'safe'));
        assert.deepEqual(left.map((f) => f.ruleId), []);
      }),
      { numRuns: 300 },
    );
  });
});

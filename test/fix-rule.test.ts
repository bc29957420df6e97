import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixesOfRule } from '../server/src/engine/fix-rule';
import type { Finding, Fix } from '../server/src/engine/types';

const fix = (safety: Fix['safety'], start: number, end: number, title = `${safety} ${start}`): Fix => ({ title, safety, edits: [{ start, end, newText: 'x' }] });
const finding = (ruleId: string, fixes: Fix[], extra: Partial<Finding> = {}): Finding => ({ ruleId, fixes, start: 0, end: 0, line: 0, message: '', locator: ruleId, severity: 'medium', ...extra }) as Finding;

test('fix all of one rule: the safe fix of each finding, else its guarded one when allowed', () => {
  const findings = [finding('A', [fix('guarded', 0, 1), fix('safe', 2, 3)]), finding('A', [fix('guarded', 5, 6)]), finding('B', [fix('safe', 8, 9)])];
  assert.deepEqual(fixesOfRule(findings, 'A', true).map((c) => c.fix.title), ['safe 2', 'guarded 5']);
  assert.deepEqual(fixesOfRule(findings, 'A', false).map((c) => c.fix.title), ['safe 2']);
});

test('fix all of one rule: suppressed findings, templates and clashing edits are left out', () => {
  const findings = [
    finding('A', [fix('safe', 0, 4)]),
    finding('A', [fix('safe', 3, 6)]),
    finding('A', [fix('safe', 10, 10, 'insert')]),
    finding('A', [fix('safe', 10, 10, 'insert again')]),
    finding('A', [fix('safe', 20, 21)], { suppressed: { kind: 'line', reason: 'r', start: 0, end: 0 } }),
    finding('A', [], { templates: [fix('guarded', 30, 31)] }),
  ];
  assert.deepEqual(fixesOfRule(findings, 'A', true).map((c) => c.fix.title), ['safe 0', 'insert']);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyEdits, diffEdits } from '../server/src/engine/text';

const line = fc.constantFrom('a\n', 'b\n', 'c\r\n', 'key = "x"\n', '\n', 'd', 'e\r', 'RemoteDisplay.vnc.enabled = "TRUE"\n');
const text = fc.array(line, { maxLength: 30 }).map((ls) => ls.join(''));

describe('diffEdits (fix-all as the edits it makes)', () => {
  it('applying the edits to the old text gives the new text; edits are sorted and never overlap', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const edits = diffEdits(a, b);
        for (let i = 1; i < edits.length; i++) assert.ok(edits[i - 1]!.end <= edits[i]!.start, 'sorted, disjoint');
        const r = applyEdits(a, edits);
        assert.equal(r.skipped, 0);
        assert.equal(r.text, b);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('one changed value in a long file is one small edit', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `key${i} = "v${i}"\n`);
    const before = lines.join('');
    lines[250] = 'key250 = "FALSE"\n';
    lines.splice(400, 1);
    const edits = diffEdits(before, lines.join(''));
    assert.equal(edits.length, 2);
    assert.deepEqual(edits[0], { start: before.indexOf('v250'), end: before.indexOf('v250') + 4, newText: 'FALSE' });
    assert.equal(edits[1]!.newText, '');
  });

  it('past the change limit it falls back to one edit that still produces the new text', () => {
    const a = Array.from({ length: 100 }, (_, i) => `${i}\n`).join('');
    const b = Array.from({ length: 100 }, (_, i) => `x${i}\n`).join('');
    const edits = diffEdits(a, b, 10);
    assert.equal(edits.length, 1);
    assert.equal(applyEdits(a, edits).text, b);
  });
});

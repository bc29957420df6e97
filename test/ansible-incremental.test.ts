import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { playbook } from '../scripts/bench/generate.mjs';
import { lintText } from '../server/src/engine/engine';
import { defaultConfig } from '../server/src/engine/config';
import { withoutReuse } from '../server/src/formats/ansible/yaml';

// A keystroke in a playbook reuses the previous keystroke's work: the YAML nodes of the items it did
// not touch (yaml-incremental.ts) and what was read from each task node (tasks.ts: the task's module,
// name, option sources and the options asked of it). Whatever is reused, the findings must be exactly
// those of a lint that reuses nothing: the same JSON, byte for byte, after every edit of a chain.

const SEED = process.env.VH_FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.VH_FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.VH_FUZZ_RUNS ?? 40);
const config = defaultConfig();

// over 16 KB, where parseYaml starts reusing parses; one with some insecure tasks, one with all
const bases = [playbook(700), playbook(600, 1)];

/** A position as a fraction of the text, uniform. */
const fraction = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000);
const INSERTS = ['a', 'x1', ' ', ':', ': ', '- ', '\n', '\n        ', '\n      tags: [a]', '\n    - name: t\n      community.vmware.vmware_host_lockdown: { state: disabled }', '#', ' # vharden-ignore ANS-SSH-SERVICE', '"', 'true', 'false', 'present', 'Admin', '{{ v }}', '\r\n', ''];
/** Anywhere: most of these break the YAML for a while, which must be as exact. */
const anywhere = fc.record({ at: fraction, remove: fc.nat({ max: 8 }), insert: fc.constantFrom(...INSERTS) });
/** In a value: after the `: ` of a line from a fraction of the text on (where typing keeps the YAML valid). */
const inValue = fc.record({ line: fraction, column: fc.nat({ max: 30 }), remove: fc.nat({ max: 3 }), insert: fc.constantFrom('x', ' ', 'true', 'false', 'Admin', 'present', 'absent', '') });

type Edit = { at: number; remove: number; insert: string } | { line: number; column: number; remove: number; insert: string };

function apply(text: string, e: Edit): string {
  let at: number;
  if ('at' in e) at = Math.floor(e.at * text.length);
  else {
    const from = text.lastIndexOf('\n', Math.floor(e.line * text.length)) + 1;
    const colon = text.indexOf(': ', from);
    if (colon < 0) return text;
    const eol = text.indexOf('\n', colon);
    at = Math.min(colon + 2 + e.column, eol < 0 ? text.length : eol);
  }
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

function lint(text: string): string {
  return JSON.stringify(lintText({ path: '/work/site.yml', text, config }).findings);
}

describe('incremental lint of a playbook equals a full lint', () => {
  for (const [name, edit] of [['random edits', anywhere], ['typing in values', inValue]] as const) {
    it(`${name}, chains of up to 10 (seed ${SEED})`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...bases.keys()), fc.array(edit as fc.Arbitrary<Edit>, { minLength: 1, maxLength: 10 }), (b, edits) => {
          let text = bases[b]!;
          lint(text);
          for (const e of edits) {
            text = apply(text, e);
            const incremental = lint(text);
            const full = withoutReuse(() => lint(text));
            assert.equal(incremental, full, `after ${JSON.stringify(e)}`);
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }

  it('options asked of a reused task are the same as read afresh', () => {
    // the same edit twice over: the second lint reuses the first one's task nodes and their looked-up options
    const text = playbook(900);
    const at = text.indexOf('state: present', text.length / 2) + 'state: '.length;
    const edited = `${text.slice(0, at)}absent${text.slice(at + 'present'.length)}`;
    for (const t of [text, edited, text, edited]) assert.equal(lint(t), withoutReuse(() => lint(t)));
  });
});

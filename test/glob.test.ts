import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_GLOB_LENGTH, globProblem, nameGlob, pathGlob, pathMatcher } from '../server/src/engine/glob';
import { cpuNow } from './helpers/cpu-time';

// The matchers must mean what the regex translations they replace meant (those are the oracle here,
// on inputs too small to make them backtrack for long), and take linear time on any pattern.

function nameRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^]*').replace(/\?/g, '[^]');
  return new RegExp(`^${escaped}$`, 'i');
}

function pathRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/\\/g, '/').replace(/\/+$/, '');
  const anchored = g.startsWith('/') || g.slice(0, -1).includes('/');
  g = g.replace(/^\.?\//, '');
  let out = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*' && g[i + 1] === '*') {
      if (g[i + 2] === '/') {
        out += '(?:[^]*/)?';
        i += 2;
      } else {
        out += '[^]*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${anchored ? '' : '(?:[^]*/)?'}${out}$`);
}

function pathOracle(glob: string, relPath: string): boolean {
  const re = pathRegExp(glob);
  const parts = relPath.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) if (re.test(parts.slice(0, i).join('/'))) return true;
  return false;
}

const text = (chars: string[], max: number) => fc.array(fc.constantFrom(...chars), { maxLength: max }).map((xs) => xs.join(''));

describe('globs: linear-time matchers', () => {
  it('rule-id and name globs match what the regex translation matched (case-insensitive, * and ?)', () => {
    fc.assert(
      fc.property(text(['a', 'B', '-', '*', '?', '.', '!'], 8), text(['a', 'b', 'A', '-', '.', '!'], 10), (glob, name) => {
        assert.equal(nameGlob(glob).test(name), nameRegExp(glob).test(name), `${JSON.stringify(glob)} on ${JSON.stringify(name)}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('path globs match what the regex translation matched (segments, **, anchoring, folders)', () => {
    fc.assert(
      fc.property(text(['a', 'b', '/', '*', '?', '.', '\\'], 9), text(['a', 'b', '/', '.'], 10), (glob, path) => {
        assert.equal(pathGlob(glob).test(path), pathOracle(glob, path), `${JSON.stringify(glob)} on ${JSON.stringify(path)}`);
      }),
      { numRuns: 3000 },
    );
    const m = pathMatcher(['lab/**/old.vmx', '/top/*.vmx']);
    assert.ok(m('lab/a/b/old.vmx') && m('lab/old.vmx') && m('top/x.vmx') && !m('a/top/x.vmx') && !m('lab2/old.vmx'));
  });

  it('patterns that make a backtracking regex explode finish at once (1,600 tests under 5 s)', () => {
    const evil = ['****************!', '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a!', '*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*!', '?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*!', '*'.repeat(MAX_GLOB_LENGTH - 1) + '!'];
    const paths = ['**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/x!', '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a!', '**a**a**a**a**a**a**a**a**a**a**a!'];
    const name = 'a'.repeat(60);
    const deep = `${'a'.repeat(40)}/`.repeat(20) + 'a'.repeat(60);
    const t0 = cpuNow();
    for (let i = 0; i < 200; i++) {
      for (const g of evil) assert.equal(nameGlob(g).test(i % 2 ? name : 'VMX-ISO-CLIPBOARD-ABCDEFGHIJKLM'), false);
      for (const g of paths) assert.equal(pathGlob(g).test(deep), false);
    }
    assert.ok(cpuNow() - t0 < 5000, `${Math.round(cpuNow() - t0)} ms`);
  });

  it(`patterns over ${MAX_GLOB_LENGTH} characters are refused with a reason and match nothing`, () => {
    const long = 'VMX-' + '*'.repeat(MAX_GLOB_LENGTH);
    assert.match(globProblem(long)!, new RegExp(`at most ${MAX_GLOB_LENGTH}`));
    assert.equal(globProblem('VMX-*'), undefined);
    assert.equal(nameGlob(long).test('VMX-ISO-USB'), false);
    assert.equal(pathGlob('/' + 'a'.repeat(MAX_GLOB_LENGTH)).test('a'.repeat(MAX_GLOB_LENGTH)), false);
  });
});

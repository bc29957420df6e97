import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultConfig, type EffectiveConfig } from '../../server/src/engine/config';
import { parseConfigFile, withConfigFile } from '../../server/src/engine/config-file';
import { type FileResult } from '../../server/src/engine/engine';
import { lintTogether } from './session';
import { decodeBytes } from '../../server/src/engine/decode';
import { detectFormat, formatById } from '../../server/src/catalog';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'rules');

/** Fixtures are judged as of this date (end-of-support dates, data age), so they do not change with the calendar. */
export const FIXTURE_TODAY = '2026-12-02';

export interface Fixture {
  ruleId: string;
  kind: 'bad' | 'good';
  /** path relative to the rule's fixture folder, e.g. bad/open-vnc.vmx */
  rel: string;
  path: string;
  text: string;
}

function filesUnder(dir: string, prefix = ''): string[] {
  let out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(filesUnder(p, `${prefix}${n}/`));
    else out.push(`${prefix}${n}`);
  }
  return out;
}

/**
 * Fixtures of one rule: test/fixtures/rules/<ID>/{bad,good}/** and expected.json (bad file → 1-based lines).
 * A `vharden.yaml` next to expected.json is the policy the fixtures are judged with (for rules that
 * report only what a policy asks for); without it, the defaults.
 */
export function fixturesOf(ruleId: string): { fixtures: Fixture[]; expected: Record<string, number[]> | undefined; config?: EffectiveConfig } {
  const root = join(FIXTURES, ruleId);
  const fixtures: Fixture[] = [];
  for (const kind of ['bad', 'good'] as const) {
    for (const rel of filesUnder(join(root, kind))) {
      const path = join(root, kind, rel);
      fixtures.push({ ruleId, kind, rel: `${kind}/${rel}`, path, text: decodeBytes(readFileSync(path)).text });
    }
  }
  let expected: Record<string, number[]> | undefined;
  try {
    expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8'));
  } catch {
    expected = undefined;
  }
  let config: EffectiveConfig | undefined;
  let policy: string | undefined;
  try {
    policy = readFileSync(join(root, 'vharden.yaml'), 'utf8');
  } catch {
    policy = undefined;
  }
  if (policy !== undefined) {
    const parsed = parseConfigFile(policy);
    if (!parsed.config) throw new Error(`${ruleId}/vharden.yaml: ${parsed.errors.map((e) => e.message).join('; ')}`);
    config = { ...withConfigFile(defaultConfig(), parsed.config), today: FIXTURE_TODAY };
  }
  return { fixtures, expected, config };
}

/**
 * Lint a fixture the way the CLI would, as one project with its siblings (files of the same
 * fixture folder): each folder is a scope, a host tree (`…/etc/…`) is one scope: by its path, or, when the fixture's file name does not
 * identify a format, by content, falling back to the rule's first format.
 */
export function lintFixture(path: string, text: string, fallbackFormat?: string, config: EffectiveConfig = { ...defaultConfig(), today: FIXTURE_TODAY }, siblings: { path: string; text: string }[] = []): FileResult {
  const format = detectFormat(path, text) ?? (fallbackFormat ? formatById(fallbackFormat) : undefined);
  const others = siblings.filter((s) => s.path !== path).map((s) => ({ path: s.path, text: s.text, config, root: dirname(s.path) }));
  return lintTogether([{ path, text, config, formatId: format?.id, root: dirname(path) }, ...others])[0]!;
}

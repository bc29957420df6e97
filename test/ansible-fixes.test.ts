import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { isNode, isScalar, parseAllDocuments, visit, type Document } from 'yaml';
import { defaultConfig } from '../server/src/engine/config';
import { fixAll, lintText } from '../server/src/engine/engine';
import { detectFormat } from '../server/src/catalog';
import { applyEdits } from '../server/src/engine/text';
import { parseAnsible } from '../server/src/formats/ansible';
import { FIXTURES } from './helpers/fixtures';
import { asPlay, expandedSnippets } from './helpers/snippets';

/**
 * Every fix of every Ansible fixture (and example) must leave a playbook that
 * `ansible-playbook --syntax-check` accepts, and may only write options that exist in the
 * module's argument spec (`ansible-doc --json`), with values its choices and types allow.
 */
const ROOT = join(__dirname, '..');
const haveAnsible = ['ansible-playbook', 'ansible-doc'].every((b) => spawnSync(b, ['--version'], { stdio: 'ignore' }).status === 0);
const skip = haveAnsible ? false : process.env.CI ? false : 'ansible-playbook/ansible-doc not installed (apt-get install ansible); CI is not set';

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

/**
 * Playbooks and task files: variables files (group_vars/, defaults/, read by the patch rules) are not
 * plays, nor is a fixture's policy (`vharden.yaml`, the settings its rule is judged under).
 */
const sources = [...yamlFiles(FIXTURES), ...yamlFiles(join(ROOT, 'examples', 'ansible'))]
  .filter((p) => !/^\.?vharden\.yaml$/.test(basename(p)))
  .filter((p) => detectFormat(p, readFileSync(p, 'utf8'))?.id !== 'ansible-vars');

interface Variant {
  name: string;
  source: string;
  text: string;
}

/** The source with each single fix (or template) applied, and with all safe fixes applied together. */
function variants(): Variant[] {
  const out: Variant[] = [];
  for (const source of sources) {
    const text = readFileSync(source, 'utf8');
    const result = lintText({ path: source, text, config: defaultConfig() });
    if (result.format !== 'ansible') continue;
    for (const f of result.findings) {
      for (const fix of [...(f.fixes ?? []), ...(f.templates ?? [])]) out.push({ name: `${f.ruleId}: ${fix.title}`, source, text: applyEdits(text, fix.edits).text });
    }
    out.push({ name: 'fix-all (safe fixes)', source, text: fixAll({ path: source, text, config: defaultConfig() }).text });
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'vharden-ansible-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('Ansible fixes keep playbooks valid', { skip }, () => {
  const all = skip ? [] : variants();

  it('there are fixes to check', () => assert.ok(all.length > 40, `${all.length} variants`));

  it('ansible-playbook --syntax-check accepts the fixture and every fixed variant', () => {
    const files = all.map((v, i) => {
      const p = join(work, `v${i}.yml`);
      writeFileSync(p, v.text);
      return p;
    });
    const snippets = expandedSnippets('ansible-vmware.json').map((s, i) => {
      const p = join(work, `snippet${i}.yml`);
      writeFileSync(p, asPlay(s.text));
      return p;
    });
    const originals = [...sources, ...snippets];
    const run = (paths: string[]) => spawnSync('ansible-playbook', ['--syntax-check', '-i', 'localhost,', ...paths], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' } });
    const whole = run([...originals, ...files]);
    if (whole.status === 0) return;
    const failures: string[] = [];
    for (const [i, p] of [...originals, ...files].entries()) {
      const r = run([p]);
      if (r.status === 0) continue;
      const v = all[i - originals.length];
      failures.push(`${v ? `${relative(ROOT, v.source)} after "${v.name}"` : relative(ROOT, p)}: ${(r.stderr || r.stdout).trim().split('\n').slice(0, 4).join(' | ')}`);
    }
    assert.deepEqual(failures, []);
  });

  it('options written by fixes exist in the module argument specs, with allowed values', () => {
    const specs = argSpecs(all);
    const problems: string[] = [];
    for (const v of all) {
      for (const task of parseAnsible(v.text).model.tasks) {
        const spec = specs.get(task.module);
        if (!spec) continue;
        const args = taskArgs(v.text, task.start);
        for (const p of checkOptions(args, spec, task.module)) problems.push(`${relative(ROOT, v.source)} after "${v.name}": ${p}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

interface OptionSpec {
  type?: string;
  choices?: unknown[];
  aliases?: string[];
  suboptions?: Record<string, OptionSpec>;
  elements?: string;
}

/** `ansible-doc --json` for every module the fixtures use, cached in the test's temp dir. */
function argSpecs(all: Variant[]): Map<string, Record<string, OptionSpec>> {
  const modules = new Set<string>();
  for (const v of all) for (const t of parseAnsible(v.text).model.tasks) modules.add(t.module);
  const cache = join(work, 'ansible-doc.json');
  if (!existsSync(cache)) {
    const json = execFileSync('ansible-doc', ['--json', ...[...modules].map((m) => `community.vmware.${m}`)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    writeFileSync(cache, json);
  }
  const docs = JSON.parse(readFileSync(cache, 'utf8')) as Record<string, { doc: { options: Record<string, OptionSpec> } }>;
  const out = new Map<string, Record<string, OptionSpec>>();
  for (const [name, d] of Object.entries(docs)) out.set(name.replace(/^community\.vmware\./, ''), d.doc.options);
  return out;
}

/** The arguments of the task whose module name starts at `moduleOffset`, as plain data (`args:` merged, free-form `k=v` words read). */
function taskArgs(text: string, moduleOffset: number): Record<string, unknown> {
  let found: Record<string, unknown> = {};
  for (const doc of parseAllDocuments(text, { merge: true })) {
    visit(doc, {
      Map(_, map) {
        let hit: Record<string, unknown> | undefined;
        for (const pair of map.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : '';
          const v = pair.value as { range?: number[] } | null;
          if ((pair.key as { range?: number[] } | null)?.range?.[0] === moduleOffset) hit = toData(pair.value, doc);
          else if ((key === 'action' || key === 'local_action') && v?.range && v.range[0]! <= moduleOffset && moduleOffset < v.range[1]!) {
            const data = toData(pair.value, doc);
            hit = typeof data === 'object' ? data : words(String((pair.value as { value?: unknown }).value ?? '').split(/\s+/).slice(1));
            delete hit.module;
          }
        }
        if (!hit) return;
        const args = map.items.find((p) => isScalar(p.key) && p.key.value === 'args');
        found = { ...hit, ...(args ? toData(args.value, doc) : {}) };
        return visit.BREAK;
      },
    });
  }
  return found;
}

function toData(node: unknown, doc: Document): Record<string, unknown> {
  if (isScalar(node) && typeof node.value === 'string') return words(node.value.split(/\s+/));
  const js = isNode(node) ? node.toJS(doc, { maxAliasCount: 100 }) : undefined;
  return js && typeof js === 'object' && !Array.isArray(js) ? (js as Record<string, unknown>) : {};
}

function words(list: string[]): Record<string, unknown> {
  return Object.fromEntries(list.filter((w) => w.includes('=')).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
}

function checkOptions(args: Record<string, unknown>, spec: Record<string, OptionSpec>, where: string): string[] {
  const problems: string[] = [];
  const byName = new Map<string, OptionSpec>();
  for (const [name, o] of Object.entries(spec)) {
    byName.set(name, o);
    for (const a of o.aliases ?? []) byName.set(a, o);
  }
  for (const [key, value] of Object.entries(args)) {
    const o = byName.get(key);
    if (!o) {
      problems.push(`${where}: unknown option ${key}`);
      continue;
    }
    if (typeof value === 'string' && value.includes('{{')) continue;
    if (o.choices && !o.choices.map(String).includes(String(value))) problems.push(`${where}.${key}: ${JSON.stringify(value)} is not one of ${o.choices.join(', ')}`);
    if (o.type === 'bool' && typeof value !== 'boolean' && !/^(yes|no|true|false|on|off|1|0)$/i.test(String(value))) problems.push(`${where}.${key}: ${JSON.stringify(value)} is not a boolean`);
    if (o.type === 'dict' && o.suboptions && value && typeof value === 'object' && !Array.isArray(value)) problems.push(...checkOptions(value as Record<string, unknown>, o.suboptions, `${where}.${key}`));
    if (o.type === 'list' && o.suboptions && Array.isArray(value)) for (const item of value) if (item && typeof item === 'object') problems.push(...checkOptions(item as Record<string, unknown>, o.suboptions, `${where}.${key}[]`));
  }
  return problems;
}

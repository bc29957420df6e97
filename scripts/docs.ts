import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { allFormats, allRules } from '../server/src/catalog';
import { TOOL_RULES, type ToolRuleMeta } from '../server/src/engine/tool-rules';
import type { Format, LiveHowTo, RuleMeta } from '../server/src/engine/types';
import { realworldSection, realworldTable } from './realworld-docs';

const ROOT = join(__dirname, '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'rules');

function firstFile(dir: string): { name: string; text: string } | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return undefined;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) {
      const inner = firstFile(p);
      if (inner) return { name: `${n}/${inner.name}`, text: inner.text };
    } else return { name: n, text: readFileSync(p, 'utf8') };
  }
  return undefined;
}

function fence(name: string, text: string): string {
  const lang = /\.xml$/i.test(name) ? 'xml' : /\.ya?ml$/i.test(name) ? 'yaml' : /\.(sh|bash)$/i.test(name) ? 'sh' : '';
  const body = text.length > 3000 ? text.slice(0, 3000) + '\n…' : text;
  return '```' + lang + '\n' + body.replace(/\n$/, '') + '\n```';
}

const FAMILY_NAMES: Record<string, string> = {
  'exposed-management': 'Exposed hypervisor management',
  'mirror-port': 'Missing or unauthorised mirror ports',
  'excessive-role': 'Excessive roles',
  'patch-level': 'Patch level',
  'guest-isolation': 'Guest isolation',
  'vswitch-policy': 'Virtual switch security policy',
};

function formatNames(ids: string[]): string {
  const byId = new Map(allFormats().map((f: Format<any>) => [f.id, f.name]));
  return ids.map((id) => byId.get(id) ?? id).join(', ');
}

/** The docs page of one rule, generated from its metadata and fixtures so the two never disagree. */
export function rulePage(m: RuleMeta): string {
  const bad = firstFile(join(FIXTURES, m.id, 'bad'));
  const good = firstFile(join(FIXTURES, m.id, 'good'));
  const fixText = { safe: 'safe — offered as the preferred quick fix and applied by fix-all and `vharden scan --fix`', guarded: 'guarded — offered as a quick fix whose title says what it may break; never applied by fix-all or `--fix`', none: 'none — needs facts vharden does not have; the docs say what to change' }[m.fixSafety];
  const refs = m.references.map((r) => `- ${r.source}: ${r.url ? `[${r.id}](${r.url})` : r.id}`).join('\n');
  return [
    `# ${m.id}: ${m.title}`,
    '',
    '| | |',
    '|---|---|',
    `| Family | ${FAMILY_NAMES[m.family]} (\`${m.family}\`) |`,
    `| Default severity | ${m.severity} |`,
    `| Quick fix | ${fixText} |`,
    `| Reads | ${formatNames(m.formats)} |`,
    '',
    '## Why it matters',
    '',
    m.risk,
    '',
    '## How to fix it',
    '',
    m.remedy,
    '',
    ...(m.notes ? ['## What vharden checks', '', m.notes, ''] : []),
    ...(m.common ? ['## Why it fires on most real files', '', m.common, ''] : []),
    ...(m.live ? liveSection(m.live) : []),
    ...(bad ? ['## Example that is reported', '', `\`${bad.name}\``, '', fence(bad.name, bad.text), ''] : []),
    ...(good ? ['## Example that passes', '', `\`${good.name}\``, '', fence(good.name, good.text), ''] : []),
    ...realworldSection(m.id),
    '## Suppressing it',
    '',
    `Put \`vharden-ignore ${m.id} -- reason\` in a comment at the end of the reported line or on the line above it, or \`vharden-ignore-file ${m.id} -- reason\` anywhere in the file (in XML write \`<!-- vharden-ignore ${m.id}: reason -->\`). Suppressed findings stay visible in SARIF reports with their reason. To turn the rule off everywhere, set \`"vharden.rules": { "${m.id}": "off" }\` or pass \`--rule ${m.id}=off\`.`,
    '',
    '## References',
    '',
    refs,
    '',
  ].join('\n');
}

/** Where to change it on a live vSphere system (the hover of a finding in a snapshot shows the same). */
function liveSection(l: LiveHowTo): string[] {
  return [
    '## On a live vSphere system',
    '',
    `- vSphere Client: ${l.client}`,
    ...(l.powercli ? [`- PowerCLI: ${l.powercli}`] : []),
    ...(l.ansible ? [`- Ansible: ${l.ansible}`] : []),
    '',
  ];
}

export function toolPage(m: ToolRuleMeta): string {
  return [
    `# ${m.id}: ${m.title}`,
    '',
    `A check of the file itself, not of its security. Default severity: ${m.severity}.`,
    '',
    '## What it means',
    '',
    m.risk,
    '',
    '## What to do',
    '',
    m.remedy,
    '',
    `Turn it off with \`"vharden.rules": { "${m.id}": "off" }\` or \`--rule ${m.id}=off\`.`,
    '',
  ].join('\n');
}

export function indexPage(): string {
  const rows = allRules()
    .map((r) => r.meta)
    .map((m) => `| [${m.id}](${m.id}.md) | ${m.title} | \`${m.family}\` | ${m.severity} | ${m.fixSafety} | ${formatNames(m.formats)} |`);
  const tools = TOOL_RULES.map((m) => `| [${m.id}](${m.id}.md) | ${m.title} | ${m.severity} |`);
  return [
    '# vharden rules',
    '',
    `${rows.length} rules. Generated from the rule metadata by \`npm run docs\`; do not edit by hand.`,
    '',
    '| Rule | Title | Family | Severity | Fix | Reads |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    ...realworldTable(allRules().map((r) => r.meta.id)),
    '## File checks',
    '',
    '| Code | Title | Severity |',
    '|---|---|---|',
    ...tools,
    '',
  ].join('\n');
}

/** The page of a former rule id, so links and SARIF help URIs that name it still lead somewhere. */
function aliasPage(alias: string, m: RuleMeta): string {
  return [
    `# ${alias}: now ${m.id}`,
    '',
    `${alias} became part of [${m.id}](${m.id}.md) (${m.title}), which reads every format that provides its input. Suppressions, \`rules:\` settings, \`--rule\` flags and baseline entries that name ${alias} still apply to ${m.id}; new findings carry the id ${m.id}.`,
    '',
  ].join('\n');
}

/** Every generated docs file: path relative to the repository → content. */
export function docsFiles(): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of allRules()) out.set(`docs/rules/${r.meta.id}.md`, rulePage(r.meta));
  for (const r of allRules()) for (const a of r.meta.aliases ?? []) out.set(`docs/rules/${a}.md`, aliasPage(a, r.meta));
  for (const t of TOOL_RULES) out.set(`docs/rules/${t.id}.md`, toolPage(t));
  out.set('docs/rules/README.md', indexPage());
  return out;
}

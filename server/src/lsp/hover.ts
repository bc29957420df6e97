import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isToolRule, ruleMeta } from '../catalog';
import type { Finding, LiveHowTo } from '../engine/types';
import { docsLink } from './docs-link';
import { mdText } from '../report/safe-text';
import { keyDoc } from './assist';
import { pathOf } from './uri';
import type { LintWorkspace, Validator } from './validation';

/**
 * Hover over a finding (what it is, the risk, the fix, references; from the current result, never a new
 * check), then what the key under the cursor does and which rules judge it.
 */
export async function hover(doc: TextDocument, params: HoverParams, workspace: LintWorkspace, validator: Validator, isCurrent: (d: TextDocument) => boolean): Promise<Hover | null> {
  const own = await validator.current(doc, isCurrent);
  if (!own) return null;
  const offset = doc.offsetAt(params.position);
  const hits = workspace.session.findings(pathOf(doc.uri)).filter((f) => !f.suppressed && f.start <= offset && offset <= Math.max(f.end, f.start + 1));
  const key = keyDoc(doc, offset, validator.formatOf(doc)?.id);
  const parts = [...hits.map(hoverText), ...(key ? [key] : [])];
  if (parts.length === 0) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') } };
}

/** Hover Markdown: the rule's own prose as written, the finding's message (it quotes file values) escaped. */
export function hoverText(f: Finding): string {
  const meta = ruleMeta(f.ruleId);
  const message = mdText(f.message);
  if (!meta) return message;
  const family = isToolRule(meta) ? 'file check' : meta.family;
  const fix = isToolRule(meta) ? '' : ` · ${fixLabel(f, meta.fixSafety)}`;
  const refs = meta.references.map((r) => `${r.source} ${r.url ? `[${r.id}](${r.url})` : r.id}`).join('; ');
  return [
    `**${meta.id}** — ${meta.title}`,
    `*${f.severity}* · ${family}${fix}`,
    message,
    f.context ? `**Context.** ${mdText(f.context)}` : '',
    f.details && f.details.length > 1 ? `**All ${f.details.length}.**\n${f.details.map((d) => `- ${mdText(d)}`).join('\n')}` : '',
    `**Risk.** ${meta.risk}`,
    `**Fix.** ${meta.remedy}`,
    liveText(f, isToolRule(meta) ? undefined : meta.live),
    refs ? `**References.** ${refs}` : '',
    `[Documentation](${docsLink(meta.id)})`,
  ].filter(Boolean).join('\n\n');
}

/** For a finding on a live system's object: which object, and where to change it there. */
function liveText(f: Finding, how: LiveHowTo | undefined): string {
  if (!f.object) return '';
  const o = f.object;
  const object = `**Object.** ${mdText(o.kind)} ${mdText(o.name)}${o.path !== o.name ? ` (${mdText(o.path)})` : ''}`;
  if (!how) return object;
  return [
    object,
    `**Change it.** vSphere Client: ${how.client}`,
    how.powercli ? `PowerCLI: ${how.powercli}` : '',
    how.ansible ? `Ansible: ${how.ansible}` : '',
  ].filter(Boolean).join('\n\n');
}

/** What the quick fixes of this finding do: a safe or guarded fix, a template to complete, or none. */
function fixLabel(f: Finding, declared: string): string {
  if (f.fixes?.some((x) => x.safety === 'safe')) return 'fix: safe';
  if (f.fixes?.length) return 'fix: guarded';
  if (f.templates?.length) return 'fix: template to complete';
  return declared === 'none' ? 'fix: none' : 'fix: none here';
}

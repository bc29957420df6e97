import * as vscode from 'vscode';

import type { ReportFinding, ScanHostResult } from '../../server/src/protocol';

type Finding = ReportFinding;

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const ICON: Record<string, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'info', info: 'circle-outline' };

type Node =
  | { kind: 'host'; scan: ScanHostResult }
  | { kind: 'severity'; scan: ScanHostResult; severity: string; findings: Finding[] }
  | { kind: 'rule'; ruleId: string; findings: Finding[] }
  | { kind: 'finding'; finding: Finding }
  | { kind: 'family'; family: string; counts: Record<string, number> }
  | { kind: 'text'; label: string; description?: string; tooltip?: string }
  | { kind: 'notRead'; paths: { path: string; reason: string }[] };

function openCommand(f: Finding): vscode.Command {
  const range = new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);
  return { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.file(f.absPath), { selection: range } satisfies vscode.TextDocumentShowOptions] };
}

function findingItem(f: Finding, label = f.message): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.description = `${f.path}:${f.line}`;
  // a finding on a live system's object (a vSphere snapshot) names it by its inventory path
  const object = f.object ? `\n${f.object.kind} ${f.object.name}${f.object.path !== f.object.name ? ` — ${f.object.path}` : ''}` : '';
  item.tooltip = `${f.severity} · ${f.ruleId} — ${f.title}${object}\n${f.message}`;
  item.iconPath = new vscode.ThemeIcon(ICON[f.severity] ?? 'circle-outline');
  item.command = openCommand(f);
  return item;
}

function plainItem(n: Node): vscode.TreeItem {
  if (n.kind === 'family') {
    const total = SEVERITIES.reduce((a, s) => a + (n.counts[s] ?? 0), 0);
    const item = new vscode.TreeItem(n.family, vscode.TreeItemCollapsibleState.None);
    item.description = `${total}  (${SEVERITIES.filter((s) => n.counts[s]).map((s) => `${n.counts[s]} ${s}`).join(', ') || 'none'})`;
    return item;
  }
  const item = new vscode.TreeItem(n.kind === 'text' ? n.label : '', vscode.TreeItemCollapsibleState.None);
  if (n.kind === 'text') {
    item.tooltip = n.tooltip;
    item.description = n.description;
  }
  return item;
}

/** Host → severity → rule → finding. One root per host scanned (the latest scan of each). */
export class HostFindingsProvider implements vscode.TreeDataProvider<Node> {
  private readonly scans = new Map<string, ScanHostResult>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  set(scan: ScanHostResult): void {
    this.scans.set(scan.host, scan);
    this.changed.fire();
  }

  /** The latest scan of a host, if any. */
  get(host: string): ScanHostResult | undefined {
    return this.scans.get(host);
  }

  getTreeItem(n: Node): vscode.TreeItem {
    switch (n.kind) {
      case 'host': {
        const item = new vscode.TreeItem(n.scan.host, vscode.TreeItemCollapsibleState.Expanded);
        const total = n.scan.report.findings.length;
        item.description = `${total} finding${total === 1 ? '' : 's'} in ${n.scan.report.read.length} files${n.scan.report.cancelled ? ' (cancelled)' : ''}`;
        item.iconPath = new vscode.ThemeIcon('server');
        return item;
      }
      case 'severity': {
        const item = new vscode.TreeItem(n.severity, vscode.TreeItemCollapsibleState.Expanded);
        item.description = String(n.findings.length);
        item.iconPath = new vscode.ThemeIcon(ICON[n.severity] ?? 'circle-outline');
        return item;
      }
      case 'rule': {
        const item = new vscode.TreeItem(n.ruleId, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `${n.findings.length} · ${n.findings[0]?.title ?? ''}`;
        return item;
      }
      case 'finding':
        return findingItem(n.finding);
      default:
        return plainItem(n);
    }
  }

  getChildren(n?: Node): Node[] {
    if (!n) return [...this.scans.values()].map((scan) => ({ kind: 'host' as const, scan }));
    if (n.kind === 'host') {
      const all = [...n.scan.report.findings, ...n.scan.report.baselined];
      return SEVERITIES.map((severity) => ({ kind: 'severity' as const, scan: n.scan, severity, findings: all.filter((f) => f.severity === severity) })).filter((s) => s.findings.length);
    }
    if (n.kind === 'severity') {
      const byRule = new Map<string, Finding[]>();
      for (const f of n.findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
      return [...byRule].map(([ruleId, findings]) => ({ kind: 'rule' as const, ruleId, findings }));
    }
    if (n.kind === 'rule') return n.findings.map((finding) => ({ kind: 'finding' as const, finding }));
    return [];
  }
}

/** Counts per family and the worst findings of the latest scan, each a link to its location. */
export class SummaryProvider implements vscode.TreeDataProvider<Node> {
  private scan: ScanHostResult | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  set(scan: ScanHostResult): void {
    this.scan = scan;
    this.changed.fire();
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (n.kind === 'finding') return findingItem(n.finding, `${n.finding.severity}: ${n.finding.message}`);
    if (n.kind === 'notRead') {
      const item = new vscode.TreeItem(`${n.paths.length} path${n.paths.length === 1 ? '' : 's'} not read`, vscode.TreeItemCollapsibleState.Collapsed);
      item.iconPath = new vscode.ThemeIcon('warning');
      return item;
    }
    return plainItem(n);
  }

  getChildren(n?: Node): Node[] {
    const s = this.scan;
    if (n?.kind === 'notRead') return n.paths.map((p) => ({ kind: 'text' as const, label: p.path, description: p.reason, tooltip: `${p.path}: ${p.reason}` }));
    if (n || !s) return [];
    const r = s.report;
    const head: Node[] = [
      { kind: 'text', label: `${s.host}: ${r.findings.length} findings, ${r.waivers.length} waived, ${r.baselined.length} baselined`, tooltip: `scanned ${r.generated}` },
      ...(r.notRead.length ? [{ kind: 'notRead' as const, paths: r.notRead }] : []),
      ...s.configErrors.map((e) => ({ kind: 'text' as const, label: `invalid configuration: ${e.split('\n')[0]}`, tooltip: e })),
    ];
    const families = Object.entries(r.counts).map(([family, counts]) => ({ kind: 'family' as const, family, counts }));
    const worst = r.findings.slice(0, 20).map((finding) => ({ kind: 'finding' as const, finding }));
    return [...head, ...families, ...worst];
  }
}

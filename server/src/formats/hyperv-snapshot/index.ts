import type { Format, ParsedDocument, ToolDiagnostic } from '../../engine/types';
import { snapshotHeader } from '../common/snapshot-header';
import { parseJson } from '../vsphere-snapshot/json';
import { HYPERV_HOST_BUILD } from './carriers';
import { snapshotFabric } from './fabric';
import { objectAt, readSnapshot, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type HvSnapshotModel } from './model';

export { HYPERV_HOST_BUILD, type HypervHostBuild } from './carriers';
export type { HvSnapshotModel } from './model';

/** `"format": "vharden-hyperv-snapshot"` near the start of a JSON object. */
const MARKER = /^\s*\{[^]{0,2048}?"format"\s*:\s*"vharden-hyperv-snapshot"/;

/**
 * A snapshot of a Hyper-V host written by the bundled collector (resources/vharden-hyperv-inventory.ps1):
 * JSON in the documented, versioned shape of schemas/hyperv-snapshot.schema.json. It gives the HV-*
 * rules the Hyper-V model the PowerShell format gives, the switch fabric, the host's Windows build,
 * and names the switch, VM or adapter of each finding.
 */
export const hypervSnapshotFormat: Format<HvSnapshotModel> = {
  id: 'hyperv-snapshot',
  name: 'Hyper-V snapshot (vharden-hyperv-inventory.ps1)',
  languageId: 'json',
  comment: { line: '//' },
  matchesPath: (path) => /\.hyperv\.json$/i.test(path),
  matchesContent: (text) => MARKER.test(text.slice(0, 4096)),
  confirms: (text) => /^\s*(\/\/[^\n]*\n\s*)*\{/.test(text.slice(0, 4096)),
  parse: (text) => parseSnapshot(text),
  provides: [HYPERV_HOST_BUILD],
  carriers: (m) => ({ [HYPERV_HOST_BUILD]: m.build ? [m.build] : [] }),
  fabric: (m) => snapshotFabric(m),
  objectAt: (m, offset) => objectAt(m.objects, offset),
};

export function parseSnapshot(text: string): ParsedDocument<HvSnapshotModel> {
  const { root, comments, diagnostics } = parseJson(text);
  const extra: ToolDiagnostic[] = snapshotHeader(root, 'Hyper-V', SNAPSHOT_FORMAT, SNAPSHOT_VERSION);
  const model = readSnapshot(root, extra);
  for (const n of model.notCollected) {
    extra.push({ code: 'VH-NOT-COLLECTED', start: n.start, end: n.end, severity: 'info', locator: `notCollected/${n.value.slice(0, 80)}`, message: `Not collected: ${n.value}` });
  }
  return { format: 'hyperv-snapshot', model, comments, diagnostics: [...diagnostics, ...extra] };
}

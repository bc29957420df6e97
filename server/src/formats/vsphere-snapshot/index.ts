import type { Format, FindingObject, ParsedDocument, ToolDiagnostic } from '../../engine/types';
import { GUEST_OS } from '../common/guest-os';
import { VM_TOOLS } from '../common/vm-tools';
import { VMX_SETTINGS } from '../vmx/settings';
import { ESX_ADVANCED, ESX_FIREWALL, ESX_SERVICES, PERMISSION_GRANTS, PRIVILEGE_SETS, PRODUCT_VERSIONS } from '../vsphere/carriers';
import { grants, hostFirewall, hostOptions, hostServices, privilegeSets, productVersions, vmSettings } from './carriers';
import { snapshotFabric } from './fabric';
import { vmGuestOs, vmTools } from './guest';
import { parseJson } from './json';
import { snapshotHeader } from '../common/snapshot-header';
import { readSnapshot, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type SnapshotModel } from './model';

/** `"format": "vharden-vsphere-snapshot"` near the start of a JSON object. */
const MARKER = /^\s*\{[^]{0,2048}?"format"\s*:\s*"vharden-vsphere-snapshot"/;

/**
 * A snapshot of a live vCenter or ESXi host written by `vharden collect vsphere`: JSON in the
 * documented, versioned shape of schemas/vsphere-snapshot.schema.json. It gives the rules the
 * carriers the file formats give (VM settings, host advanced options, firewall, services, roles,
 * permissions, builds) and the switch fabric, and names the inventory object of each finding.
 */
export const vsphereSnapshotFormat: Format<SnapshotModel> = {
  id: 'vsphere-snapshot',
  name: 'vSphere snapshot (vharden collect)',
  languageId: 'json',
  comment: { line: '//' },
  matchesPath: (path) => /\.vsphere\.json$/i.test(path),
  matchesContent: (text) => MARKER.test(text.slice(0, 4096)),
  confirms: (text) => /^\s*(\/\/[^\n]*\n\s*)*\{/.test(text.slice(0, 4096)),
  parse: (text) => parseSnapshot(text),
  provides: [VMX_SETTINGS, ESX_ADVANCED, ESX_FIREWALL, ESX_SERVICES, PRIVILEGE_SETS, PERMISSION_GRANTS, PRODUCT_VERSIONS, GUEST_OS, VM_TOOLS],
  carriers: (m) => ({
    [VMX_SETTINGS]: m.vms.map(vmSettings),
    [ESX_ADVANCED]: m.hosts.map(hostOptions),
    [ESX_FIREWALL]: m.hosts.map(hostFirewall),
    [ESX_SERVICES]: m.hosts.flatMap(hostServices),
    [PRIVILEGE_SETS]: privilegeSets(m),
    [PERMISSION_GRANTS]: grants(m),
    [PRODUCT_VERSIONS]: [productVersions(m)],
    [GUEST_OS]: m.vms.flatMap(vmGuestOs),
    [VM_TOOLS]: m.vms.map(vmTools),
  }),
  fabric: (m) => snapshotFabric(m),
  objectAt: (m, offset) => objectAt(m, offset),
};

export function parseSnapshot(text: string): ParsedDocument<SnapshotModel> {
  const { root, comments, diagnostics } = parseJson(text);
  const extra: ToolDiagnostic[] = snapshotHeader(root, 'vSphere', SNAPSHOT_FORMAT, SNAPSHOT_VERSION);
  const model = readSnapshot(root, extra);
  const tls = model.source.tlsVerified;
  if (tls && !tls.value) {
    extra.push({ code: 'VH-SNAPSHOT-INSECURE', start: tls.start, end: tls.end, severity: 'medium', locator: 'source/tls', message: `This snapshot of ${model.source.server?.value ?? 'the server'} was collected with --insecure: the server's TLS certificate was not verified, so the data (and the credentials sent) may have gone to an impostor.` });
  }
  for (const n of model.source.notCollected) {
    extra.push({ code: 'VH-NOT-COLLECTED', start: n.start, end: n.end, severity: 'info', locator: `source/notCollected/${n.value.slice(0, 80)}`, message: `Not collected: ${n.value}` });
  }
  return { format: 'vsphere-snapshot', model, comments, diagnostics: [...diagnostics, ...extra] };
}


/** The object whose range holds `offset` (objects do not overlap: they are the items of top-level lists). */
function objectAt(m: SnapshotModel, offset: number): FindingObject | undefined {
  const objs = m.objects;
  let lo = 0;
  let hi = objs.length - 1;
  let found: (typeof objs)[number] | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (objs[mid]!.start <= offset) {
      found = objs[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && offset < found.end ? { kind: found.kind, name: found.name, path: found.path } : undefined;
}

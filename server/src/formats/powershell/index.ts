import type { FabricFacts, MirrorFact, PortFact, SwitchFact } from '../../engine/fabric';
import { diagnosticList } from '../../engine/diagnostics';
import { LineIndex, detectEol } from '../../engine/text';
import type { Format, ParsedDocument, ToolDiagnostic } from '../../engine/types';
import type { ContextFacts } from '../../engine/context';
import { HYPERV_CONFIG, HYPERV_GUESTS, hyperVModel, type HvNic, type HyperVModel } from './hyperv';
import { parseScript } from './parser';

export interface HyperVScriptModel {
  hv: HyperVModel;
}

const SCRIPT_NAME = /\.(ps1|psm1)$/i;
/** cmdlets only Hyper-V has (PowerCLI's New-VM, Get-VM and Set-VMHost are VMware's: not enough on their own) */
const HYPERV_CMDLET = /\b((New|Set|Get|Remove|Rename)-VMSwitch|(Add|Set|Get|Connect|Disconnect|Remove)-VMNetworkAdapter(Vlan|Acl|ExtendedAcl)?|Set-VMFirmware|Set-VMProcessor|(Enable|Disable)-VMIntegrationService|(Enable|Disable)-VMTPM|Set-VMKeyProtector|Set-VMSecurity|Enable-VMMigration)\b/i;
const HYPERV_PARAM = /\s-(Generation\s+[12]\b|VirtualMachineMigrationAuthenticationType\b|EnableEnhancedSessionMode\b|UseAnyNetworkForMigration\b|ExposeVirtualizationExtensions\b)/i;
/** the local Hyper-V Administrators group, by name or well-known SID */
const HYPERV_ADMINS = /Hyper-V Administrators|S-1-5-32-578/i;
const DSC_IMPORT = /Import-DscResource\b[^\n]{0,300}?\b(HyperVDsc|xHyper-V|cHyper-V)\b/i;
const DSC_RESOURCE = /^[ \t]*[xc]?VM(HyperV|Switch|NetworkAdapter|NetworkAdapterSettings|Host|Processor)[ \t]+\S+[ \t]*(\{|$)/im;

/** A .ps1/.psm1 file is a Hyper-V input when it uses Hyper-V cmdlets or HyperVDsc resources. */
export function isHyperVScript(text: string, path: string): boolean {
  if (!SCRIPT_NAME.test(path)) return false;
  const head = text.slice(0, 256 * 1024);
  return HYPERV_CMDLET.test(head) || HYPERV_PARAM.test(head) || DSC_IMPORT.test(head) || DSC_RESOURCE.test(head) || HYPERV_ADMINS.test(head);
}

export function parseHyperVScript(text: string): ParsedDocument<HyperVScriptModel> {
  const script = parseScript(text);
  const index = new LineIndex(text);
  const diagnostics: ToolDiagnostic[] = diagnosticList();
  const at = (start: number) => index.lineEnd(index.position(start).line);
  if (script.unterminated) {
    const { start, what } = script.unterminated;
    diagnostics.push({ code: 'VH-PARSE-ERROR', start, end: at(start), severity: 'low', message: `This ${what} is never closed: PowerShell reads the rest of the file into it, and so does vharden.`, locator: 'unterminated' });
  }
  for (const u of script.unbalanced.slice(0, 20)) {
    diagnostics.push({ code: 'VH-PARSE-ERROR', start: u.start, end: Math.min(u.start + 1, text.length), severity: 'low', message: `${u.what}: the script does not parse; vharden reads what it can.`, locator: `unbalanced:${u.start}` });
  }
  if (script.tooDeep !== undefined) {
    diagnostics.push({ code: 'VH-PARSE-ERROR', start: script.tooDeep, end: Math.min(script.tooDeep + 1, text.length), severity: 'low', message: 'Nesting this deep is not read: the commands inside are not checked.', locator: 'too-deep' });
  }
  return { format: 'hyperv-ps', model: { hv: hyperVModel(script) }, comments: script.comments, diagnostics };
}

/** Where a line goes after the line of `offset` (the end of that line), with that line's indentation. */
export function lineAfter(text: string, index: LineIndex, offset: number): { at: number; indent: string } {
  const line = index.position(Math.min(offset, text.length)).line;
  const ls = index.lineStart(line);
  let e = ls;
  while (text[e] === ' ' || text[e] === '\t') e++;
  return { at: index.lineEnd(line), indent: text.slice(ls, e) };
}

function portName(n: HvNic): string {
  return `${n.vm}/${n.nic ?? 'Network Adapter'}`;
}

/** Switches, adapters and port-mirroring settings of the script, for the cross-file rules. */
export function hyperVFabric(model: HyperVScriptModel, text: string): FabricFacts {
  const { hv } = model;
  const index = new LineIndex(text);
  const eol = detectEol(text);
  const switches: SwitchFact[] = [];
  const ports: PortFact[] = [];
  const mirrors: MirrorFact[] = [];
  for (const s of hv.switches) {
    const m = s.managementOS;
    const shared = m ? m.value === 'true' || m.value === '1' : s.managementDefaultAt !== undefined;
    const site = lineAfter(text, index, s.after);
    switches.push({
      kind: 'hyperv-switch',
      namespace: 'hyperv',
      name: s.name,
      start: s.start,
      end: s.end,
      hypervType: s.type,
      managementOS: !shared ? undefined : m ? { defaulted: false, fix: m.edit ? { start: m.edit.start, end: m.edit.end, newText: m.edit.kind === 'bool' ? '$false' : m.edit.kind === 'string' ? "'False'" : 'False' } : undefined } : { defaulted: true, fix: { start: s.managementDefaultAt!, end: s.managementDefaultAt!, newText: ' -AllowManagementOS $false' } },
      locator: `switch:${s.name}`,
      snippet: { at: site.at, indent: site.indent, eol, style: s.dsc ? 'powershell-dsc' : 'powershell' },
    });
  }
  for (const n of hv.nics) {
    if (n.switch === undefined) continue;
    ports.push({ switch: n.switch, namespace: 'hyperv', name: portName(n), role: n.host ? 'internal' : 'guest', guest: n.host ? undefined : n.vm, start: n.start, end: n.end, locator: `nic:${portName(n)}` });
  }
  for (const s of hv.nicSettings) {
    if (s.key !== 'portmirroring' || (s.setting.value !== 'source' && s.setting.value !== 'destination')) continue;
    const on = s.switch !== undefined && s.vms ? s.vms.map((vm) => ({ vm, nic: s.nic, switch: s.switch!, host: s.host, start: 0, end: 0, after: 0, dsc: true })) : hv.nics.filter((n) => n.switch !== undefined && s.vms?.some((vm) => vm.toLowerCase() === n.vm.toLowerCase()) && (s.nic === undefined || s.nic.toLowerCase() === (n.nic ?? 'Network Adapter').toLowerCase()));
    for (const n of on) {
      const port = portName(n);
      const dest = s.setting.value === 'destination';
      mirrors.push({ switch: n.switch, namespace: 'hyperv', via: 'hyperv', name: dest ? 'Destination' : 'Source', selectAll: false, selectPorts: dest ? [] : [port], selectVlans: [], outputPort: dest ? port : undefined, destination: dest ? n.vm : undefined, start: s.setting.start, end: s.setting.end, locator: `nic:${port}#PortMirroring` });
    }
  }
  return { switches, ports, mirrors };
}

export const hyperVFormat: Format<HyperVScriptModel> = {
  id: 'hyperv-ps',
  name: 'Hyper-V PowerShell and DSC',
  languageId: 'powershell',
  comment: { line: '#' },
  matchesPath: () => false,
  matchesContent: isHyperVScript,
  parse: (text) => parseHyperVScript(text),
  fabric: (model, ctx) => hyperVFabric(model, ctx.text),
  provides: [HYPERV_CONFIG, HYPERV_GUESTS],
  carriers: (model) => ({ [HYPERV_CONFIG]: [model.hv], [HYPERV_GUESTS]: [model.hv] }),
  context: (model) => hyperVContext(model.hv),
};

/** Windows Server or Windows 10/11, from what the script does (see HyperVModel.hostKind). */
export function hyperVContext(hv: HyperVModel): ContextFacts {
  return { product: 'Hyper-V', evidence: (hv.hostKind ?? []).map((h) => ({ kind: h.kind, text: h.text, scope: 'file' as const })) };
}

/**
 * Packer `hyperv-iso` and `hyperv-vmcx` sources as a Hyper-V model (the `hyperv-guests` carrier the
 * Hyper-V guest rules read): MAC address spoofing, Secure Boot on generation 2 and nested
 * virtualization. The builders' other settings (switch, VLAN, memory) are left out; Packer has no
 * DHCP or router guard, virtual TPM or Guest Service Interface settings.
 */
import type { HvSetting, HyperVModel } from '../powershell/hyperv';
import { attrValue, blocksOf, boolOf, strOf, type HclModel } from './model';
import type { Block } from './ast';

/** The VM name Packer gives a source: `vm_name`, else `packer-<source name>`. */
function vmName(model: HclModel, src: Block): string {
  return strOf(model, attrValue(model, src.body, 'vm_name')?.attr.value) ?? `packer-${src.labels[1] ?? src.labels[0] ?? 'hyperv'}`;
}

/** A boolean attribute as a setting ('true' or 'false'); undefined when absent or computed. */
function boolSetting(model: HclModel, src: Block, name: string): HvSetting | undefined {
  const found = attrValue(model, src.body, name);
  if (!found) return undefined;
  const b = boolOf(model, found.attr.value);
  if (b === undefined) return undefined;
  const e = found.value && !found.value.via ? found.value.expr : undefined;
  const edit = e && (e.kind === 'bool' || e.kind === 'string') ? { start: e.start, end: e.end, kind: e.kind } : undefined;
  return { value: String(b), start: found.attr.start, end: found.attr.end, edit, dsc: false, syntax: 'hcl' };
}

export function packerHyperV(model: HclModel): HyperVModel[] {
  const out: HyperVModel[] = [];
  for (const src of blocksOf(model, 'source', 'hyperv-iso', 'hyperv-vmcx')) {
    const vm = vmName(model, src);
    const hv: HyperVModel = { guestService: [], switches: [], nics: [], nicSettings: [], firmware: [], host: [], processors: [] };
    const spoof = boolSetting(model, src, 'enable_mac_spoofing');
    if (spoof?.value === 'true') hv.nicSettings.push({ key: 'macaddressspoofing', vms: [vm], host: false, setting: { ...spoof, value: 'on' } });
    // generation defaults to 1, which has no Secure Boot; hyperv-vmcx clones keep the source VM's generation
    const gen = strOf(model, attrValue(model, src.body, 'generation')?.attr.value);
    const secure = boolSetting(model, src, 'enable_secure_boot');
    if (gen === '2' && secure?.value === 'false') hv.firmware.push({ vms: [vm], secureBoot: { ...secure, value: 'off' } });
    const nested = boolSetting(model, src, 'enable_virtualization_extensions');
    if (nested?.value === 'true') hv.processors!.push({ vms: [vm], exposeVirtualizationExtensions: nested });
    out.push(hv);
  }
  return out;
}

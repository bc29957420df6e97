import type { Format, ParsedDocument } from '../../engine/types';
import { VMX_SETTINGS } from '../vmx/settings';
import { TF_PERMISSION_GRANTS, PRIVILEGE_SETS, VSWITCH_POLICY } from '../vsphere/carriers';
import { grants, privilegeSets, switchPolicies, vmxCarriers } from './carriers';
import { hclFabric } from './fabric';
import { HYPERV_GUESTS } from '../powershell/hyperv';
import { packerHyperV } from './hyperv';
import { parseHclJson } from './json';
import { modelOf, type HclModel } from './model';
import { parseHcl } from './parser';

export type { HclModel } from './model';

/** How far into the text detection looks. */
const SNIFF = 256 * 1024;

/** Terraform providers vharden checks: vSphere, the two Proxmox providers, libvirt, Hyper-V. */
const TF_TYPES = /\b(?:resource|data)\s+"(?:vsphere|proxmox|libvirt|hyperv)_[a-z0-9_]+"|\bprovider\s+"(?:vsphere|proxmox|libvirt|hyperv)"|"(?:vsphere|proxmox|libvirt|hyperv)_[a-z0-9_]+"\s*:\s*\{|"provider"\s*:\s*\{\s*"(?:vsphere|proxmox|libvirt|hyperv)"|\bsource\s*[=:]\s*"(?:[\w.-]+\/)?(?:hashicorp\/vsphere|vmware\/vsphere|telmate\/proxmox|bpg\/proxmox|dmacvicar\/libvirt|taliesins\/hyperv)"/i;
/** Packer builders vharden checks. */
const PKR_BUILDERS = '(?:vsphere-iso|vsphere-clone|vmware-iso|vmware-vmx|proxmox-iso|proxmox-clone|proxmox|qemu|hyperv-iso|hyperv-vmcx)';
const PKR_TYPES = new RegExp(`\\bsource\\s+"${PKR_BUILDERS}"|"source"\\s*:\\s*\\{\\s*"${PKR_BUILDERS}"|"type"\\s*:\\s*"${PKR_BUILDERS}"`);

const head = (text: string) => (text.length > SNIFF ? text.slice(0, SNIFF) : text);

/** A `.tf`/`.tf.json` file that uses one of the providers above (other Terraform is left alone). */
export function usesCheckedProvider(text: string): boolean {
  return TF_TYPES.test(head(text));
}

/** A `.pkr.hcl`/`.pkr.json` file with a source of one of the builders above. */
export function usesCheckedBuilder(text: string): boolean {
  return PKR_TYPES.test(head(text));
}

const isJson = (path: string) => /\.json$/i.test(path);

function parse(format: string, text: string, path: string): ParsedDocument<HclModel> {
  const json = isJson(path) || (!/\.(tf|hcl)$/i.test(path) && /^\s*[{[]/.test(text));
  const { body, comments, diagnostics } = json ? parseHclJson(text) : parseHcl(text);
  return { format, model: modelOf(text, body, json), comments, diagnostics };
}

const carriers = (model: HclModel) => ({
  [VMX_SETTINGS]: vmxCarriers(model),
  [PRIVILEGE_SETS]: privilegeSets(model),
  [VSWITCH_POLICY]: switchPolicies(model),
  [TF_PERMISSION_GRANTS]: grants(model),
});

export const terraformFormat: Format<HclModel> = {
  id: 'terraform',
  name: 'Terraform',
  languageId: 'terraform',
  comment: { line: '#' },
  matchesPath: () => false,
  matchesContent: (text, path) => /\.tf(\.json)?$/i.test(path) && usesCheckedProvider(text),
  confirms: () => true,
  parse: (text, ctx) => parse('terraform', text, ctx.path),
  provides: [VMX_SETTINGS, PRIVILEGE_SETS, VSWITCH_POLICY, TF_PERMISSION_GRANTS],
  carriers,
  fabric: (model) => hclFabric(model),
};

export const packerFormat: Format<HclModel> = {
  id: 'packer',
  name: 'Packer',
  languageId: 'hcl',
  comment: { line: '#' },
  matchesPath: () => false,
  matchesContent: (text, path) => /\.pkr\.(hcl|json)$/i.test(path) && usesCheckedBuilder(text),
  confirms: () => true,
  parse: (text, ctx) => parse('packer', text, ctx.path),
  provides: [VMX_SETTINGS, HYPERV_GUESTS],
  carriers: (model) => ({ [VMX_SETTINGS]: vmxCarriers(model), [HYPERV_GUESTS]: packerHyperV(model) }),
};

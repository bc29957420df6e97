import type { Format, FormatContext, ParsedDocument } from '../../engine/types';
import { VMX_SETTINGS } from '../vmx/settings';
import { PERMISSION_GRANTS, PRIVILEGE_SETS, VSWITCH_POLICY } from '../vsphere/carriers';
import { grants, privilegeSets, switchPolicies, vmxCarriers } from './carriers';
import { hclFabric } from './fabric';
import { HYPERV_GUESTS } from '../powershell/hyperv';
import { packerHyperV } from './hyperv';
import { parseHclJson } from './json';
import { modelOf, type HclModel } from './model';
import { parseHcl } from './parser';
import { isTfvars, moduleValuesOf, resolveModule, variablesUsed } from './variables';

export type { HclModel } from './model';

/** How far into the text detection looks. */
const SNIFF = 256 * 1024;

/** Terraform providers vharden checks: vSphere, the two Proxmox providers, libvirt, Hyper-V. */
const TF_TYPES = /\b(?:resource|data)\s+"(?:vsphere|proxmox|libvirt|hyperv)_[a-z0-9_]+"|\bprovider\s+"(?:vsphere|proxmox|libvirt|hyperv)"|"(?:vsphere|proxmox|libvirt|hyperv)_[a-z0-9_]+"\s*:\s*\{|"provider"\s*:\s*\{\s*"(?:vsphere|proxmox|libvirt|hyperv)"|\bsource\s*[=:]\s*"(?:[\w.-]+\/)?(?:hashicorp\/vsphere|vmware\/vsphere|telmate\/proxmox|bpg\/proxmox|dmacvicar\/libvirt|taliesins\/hyperv)"/i;
/** Packer builders vharden checks. */
const PKR_BUILDERS = '(?:vsphere-iso|vsphere-clone|vmware-iso|vmware-vmx|proxmox-iso|proxmox-clone|proxmox|qemu|hyperv-iso|hyperv-vmcx)';
const PKR_TYPES = new RegExp(`\\bsource\\s+"${PKR_BUILDERS}"|"source"\\s*:\\s*\\{\\s*"${PKR_BUILDERS}"|"type"\\s*:\\s*"${PKR_BUILDERS}"`);

/**
 * The first SNIFF characters, with `\uXXXX` and `\UXXXXXXXX` escapes read as the characters they
 * stand for: HCL and JSON strings may spell a provider or resource type that way, which Terraform reads
 * as the plain name.
 */
function head(text: string): string {
  const h = text.length > SNIFF ? text.slice(0, SNIFF) : text;
  if (!h.includes('\\u') && !h.includes('\\U')) return h;
  return h.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (all, four: string | undefined, eight: string | undefined) => {
    const cp = parseInt(four ?? eight!, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
  });
}

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
  const json = isJson(path) || (!/\.(tf|hcl|tfvars)$/i.test(path) && /^\s*[{[]/.test(text));
  const { body, comments, diagnostics } = json ? parseHclJson(text) : parseHcl(text);
  const model = modelOf(text, body, json, path);
  if (diagnostics.length) model.damaged = true;
  return { format, model, comments, diagnostics };
}

/**
 * A Terraform file linted with its module folder: `var.x` is what the folder's defaults and
 * `.tfvars` decide, with this file's own declarations read from its current text.
 */
function parseTerraform(text: string, ctx: FormatContext): ParsedDocument<HclModel> {
  const doc = parse('terraform', text, ctx.path);
  if (ctx.moduleValues) {
    const own = moduleValuesOf(doc.model, ctx.path);
    doc.model.module = resolveModule([...ctx.moduleValues.filter((v) => v.path !== ctx.path), ...own]);
  }
  return doc;
}


const carriers = (model: HclModel) => ({
  [VMX_SETTINGS]: vmxCarriers(model),
  [PRIVILEGE_SETS]: privilegeSets(model),
  [VSWITCH_POLICY]: switchPolicies(model),
  [PERMISSION_GRANTS]: grants(model),
});

export const terraformFormat: Format<HclModel> = {
  id: 'terraform',
  name: 'Terraform',
  languageId: 'terraform',
  comment: { line: '#' },
  matchesPath: () => false,
  matchesContent: (text, path) => /\.tf(\.json)?$/i.test(path) && usesCheckedProvider(text),
  confirms: () => true,
  parse: parseTerraform,
  provides: [VMX_SETTINGS, PRIVILEGE_SETS, VSWITCH_POLICY, PERMISSION_GRANTS],
  carriers,
  fabric: (model) => hclFabric(model),
  moduleValues: (model, ctx) => moduleValuesOf(model, ctx.path),
  moduleUses: (model) => variablesUsed(model.text),
};

/** A `variable` block at the start of a line (native syntax) or a `"variable"` member (JSON syntax). */
const DECLARES = /^[ \t]*variable[ \t]+"|"variable"\s*:\s*\{/m;

/**
 * Terraform files read only for the values they give `var.x` in the other files of their folder:
 * `.tfvars` files, and `.tf` files with `variable` blocks that use none of the checked providers (a
 * `variables.tf`). No rule reads them; what they say is judged where a checked file uses it.
 */
export const terraformVarsFormat: Format<HclModel> = {
  id: 'terraform-vars',
  name: 'Terraform variables',
  languageId: 'terraform',
  comment: { line: '#' },
  matchesPath: () => false,
  matchesContent: (text, path) => isTfvars(path) || (/\.tf(\.json)?$/i.test(path) && DECLARES.test(head(text))),
  confirms: () => true,
  parse: (text, ctx) => parse('terraform-vars', text, ctx.path),
  moduleValues: (model, ctx) => moduleValuesOf(model, ctx.path),
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

import type { FindingDraft, Rule } from '../../engine/types';
import { attrValue, blocksOf, boolOf, label, packerDoc, setFix, tfDoc, viaNote, type HclModel } from './common';

/** Provider blocks and Packer sources, and the attribute that turns certificate checks off in each. */
const SETTINGS: { kind: 'provider' | 'source'; types: string[]; names: string[] }[] = [
  { kind: 'provider', types: ['vsphere'], names: ['allow_unverified_ssl'] },
  // Telmate/proxmox spells it pm_tls_insecure, bpg/proxmox insecure
  { kind: 'provider', types: ['proxmox'], names: ['pm_tls_insecure', 'insecure'] },
  { kind: 'provider', types: ['hyperv'], names: ['insecure'] },
  { kind: 'source', types: ['vsphere-iso', 'vsphere-clone'], names: ['insecure_connection'] },
  { kind: 'source', types: ['proxmox-iso', 'proxmox-clone', 'proxmox'], names: ['insecure_skip_tls_verify'] },
];

const FIX = 'guarded: connections fail where the server presents a self-signed certificate this machine does not trust';

export const tfTlsNoverify: Rule<HclModel> = {
  meta: {
    id: 'TF-TLS-NOVERIFY',
    title: 'Terraform provider or Packer builder connects to vCenter, Proxmox or Hyper-V without verifying the certificate',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['terraform', 'packer'],
    risk: 'With certificate verification off (`allow_unverified_ssl`, `pm_tls_insecure`, `insecure`, `insecure_connection`, `insecure_skip_tls_verify`), anyone who can intercept the connection between the machine running Terraform or Packer and vCenter, Proxmox VE or the Hyper-V host can impersonate the server and capture the administrator credentials the run logs in with, then control every VM they reach.',
    remedy: 'Give the management server a certificate from a CA the runner trusts (or add the server\'s CA to the runner\'s trust store) and set the attribute to false or remove it.',
    notes: 'Reads provider blocks (vsphere, both Proxmox providers, hyperv) and Packer sources (vsphere-iso, vsphere-clone, proxmox-iso, proxmox-clone). A value taken from a variable is the one its module folder decides (the literal default in any .tf file of the folder, overridden by terraform.tfvars, terraform.tfvars.json and *.auto.tfvars in Terraform\'s order); it is reported at the use, naming the file and line it comes from, without a fix (the literal is elsewhere, and -var or TF_VAR_ may set another value). Conflicting, computed and undeclared variables, environment variables and expressions are unknown and not judged. The fix is guarded: a lab with self-signed certificates stops connecting until the certificate is trusted.',
    references: [tfDoc('vSphere', 'provider argument allow_unverified_ssl'), tfDoc('Telmate/proxmox', 'provider argument pm_tls_insecure'), tfDoc('bpg/proxmox', 'provider argument insecure'), packerDoc('vsphere-iso', 'insecure_connection'), packerDoc('proxmox-iso', 'insecure_skip_tls_verify')],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const s of SETTINGS) {
      for (const b of blocksOf(model, s.kind, ...s.types)) {
        for (const name of s.names) {
          const found = attrValue(model, b.body, name);
          if (!found || boolOf(model, found.attr.value) !== true) continue;
          out.push({
            start: found.attr.start,
            end: found.attr.end,
            locator: `${b.labels.join('.')}/${name}`,
            message: `${label(b)} sets ${name} = true${viaNote(found.value)}: the management server's certificate is not checked, so whoever can intercept the connection gets the credentials it logs in with.`,
            fixes: setFix(found.attr, found.value, false, `Set ${name} to false (${FIX})`, 'guarded'),
          });
        }
      }
    }
    return out;
  },
};

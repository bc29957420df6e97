import type { FindingDraft, Rule } from '../../engine/types';
import { attr, blocksOf, label, packerDoc, tfDoc, valueOfAttr, type HclModel } from './common';

/** Attributes that hold a secret of the management server, per provider block or Packer source. */
const SECRETS: { kind: 'provider' | 'source'; types: string[]; names: string[] }[] = [
  { kind: 'provider', types: ['vsphere'], names: ['password'] },
  { kind: 'provider', types: ['proxmox'], names: ['pm_password', 'pm_api_token_secret', 'pm_otp', 'password', 'api_token'] },
  { kind: 'provider', types: ['hyperv'], names: ['password'] },
  { kind: 'provider', types: ['libvirt'], names: ['password'] },
  { kind: 'source', types: ['vsphere-iso', 'vsphere-clone'], names: ['password'] },
  { kind: 'source', types: ['proxmox-iso', 'proxmox-clone', 'proxmox'], names: ['password', 'token'] },
];

export const tfProviderCreds: Rule<HclModel> = {
  meta: {
    id: 'TF-PROVIDER-CREDS',
    title: 'Management credentials written as literals in a Terraform provider or Packer builder',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'none',
    formats: ['terraform', 'packer'],
    risk: 'A vCenter, Proxmox VE or Hyper-V password or API token written in the file (or as a variable\'s default) is in every clone, fork, CI log and backup of the repository. Whoever reads it logs in to the hypervisor management with the rights of the account Terraform or Packer uses, usually an administrator.',
    remedy: 'Remove the secret from the file and rotate it. Pass it at run time instead: the provider\'s environment variables (VSPHERE_PASSWORD, PM_PASS / PM_API_TOKEN_SECRET, PROXMOX_VE_PASSWORD / PROXMOX_VE_API_TOKEN), a variable marked sensitive with no default, or a secrets manager data source.',
    notes: 'Reports the attribute, never its value. Empty strings, references to variables without a literal default in this file, environment lookups and other expressions are not reported. A variable\'s literal default in the same file is reported on the variable\'s default. Guest credentials of Packer builds (ssh_password, winrm_password) are not judged here.',
    references: [tfDoc('vSphere', 'provider argument password (VSPHERE_PASSWORD)'), tfDoc('Telmate/proxmox', 'provider arguments pm_password, pm_api_token_secret'), tfDoc('bpg/proxmox', 'provider arguments password, api_token'), packerDoc('vsphere-iso', 'password')],
  },
  check(model) {
    const out: FindingDraft[] = [];
    const seen = new Set<number>();
    for (const s of SECRETS) {
      for (const b of blocksOf(model, s.kind, ...s.types)) {
        for (const name of s.names) {
          const a = attr(b.body, name);
          const v = a ? valueOfAttr(model, a) : undefined;
          if (!a || !v || v.value.trim() === '') continue;
          // a default shared by several attributes is reported once, where it is written
          const at = v.via ? v.at : a;
          if (seen.has(at.start)) continue;
          seen.add(at.start);
          out.push({
            start: at.start,
            end: at.end,
            locator: `${b.labels.join('.')}/${name}`,
            message: v.from
              ? `${label(b)} takes ${name} from ${v.via}, a literal secret in ${v.from}: anyone with the repository can log in to the management server.`
              : v.via
              ? `${label(b)} takes ${name} from ${v.via}, whose default in this file is a literal secret: anyone with the repository can log in to the management server.`
              : `${label(b)} writes ${name} as a literal: anyone with the repository can log in to the management server with it.`,
          });
        }
      }
    }
    return out;
  },
};

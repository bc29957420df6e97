import type { FindingDraft, Rule } from '../../engine/types';
import { isWildcard } from '../net';
import { attr, blocksOf, label, packerDoc, strOf, template, type HclModel } from './common';

const BUILDERS = ['vsphere-iso', 'vsphere-clone', 'vmware-iso', 'vmware-vmx', 'proxmox-iso', 'proxmox-clone', 'proxmox', 'qemu', 'hyperv-iso', 'hyperv-vmcx'];

export const tfPackerHttpBind: Rule<HclModel> = {
  meta: {
    id: 'TF-PACKER-HTTP-BIND',
    title: 'Packer serves its boot files (kickstart, preseed, autounattend) on every interface',
    family: 'exposed-management',
    severity: 'low',
    fixSafety: 'none',
    formats: ['packer'],
    risk: 'While a build runs, Packer serves `http_directory` or `http_content` over plain HTTP; its default `http_bind_address` is 0.0.0.0, every interface of the build machine. The files are usually the installer\'s answer file, with the root or administrator password (or its hash) and the SSH keys of the new image: anyone on the network can read them during the build.',
    remedy: 'Set `http_bind_address` to the address of the interface the build VM reaches (for qemu user networking, 127.0.0.1 works), keep passwords out of the served files (inject them with `boot_command` variables or `cd_content`), and run builds on an isolated network.',
    notes: 'Reported only for sources that serve files (`http_directory` or `http_content`). Low: the exposure lasts as long as the build. The template inserts a commented `http_bind_address` line to complete; vharden cannot know which interface the VM reaches.',
    references: [packerDoc('common', 'http_bind_address, http_directory, http_content (HTTP config)')],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const b of blocksOf(model, 'source', ...BUILDERS)) {
      const served = attr(b.body, 'http_content') ?? attr(b.body, 'http_directory');
      if (!served) continue;
      const bind = attr(b.body, 'http_bind_address');
      const addr = bind ? strOf(model, bind.value) : '0.0.0.0';
      if (addr === undefined || !isWildcard(addr)) continue;
      const at = bind ?? served;
      out.push({
        start: at.start,
        end: at.end,
        locator: `${b.labels.join('.')}/http_bind_address`,
        message: bind ? `${label(b)} serves its ${served.name} on every interface (http_bind_address = "${addr}").` : `${label(b)} serves its ${served.name} on every interface (Packer's default http_bind_address is 0.0.0.0).`,
        templates: template(model, 'Insert a commented http_bind_address line (fill in the build interface address)', b.body, at, ['vharden: serve boot files only where the build VM reaches them, e.g.', 'http_bind_address = "<address of the build network interface>"']),
      });
    }
    return out;
  },
};

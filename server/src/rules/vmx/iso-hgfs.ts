import type { FindingDraft, Rule } from '../../engine/types';
import { VMX_SETTINGS, type VmxSettings, vmxBool } from '../../formats/vmx/settings';
import { doc, stig } from '../refs';
import { vmOptions } from '../live';

export const isoHgfs: Rule<VmxSettings> = {
  input: VMX_SETTINGS,
  meta: {
    id: 'VMX-ISO-HGFS',
    title: 'Host-guest file system (HGFS) server enabled',
    family: 'guest-isolation',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['vmx', 'ansible', 'terraform', 'packer', 'vsphere-snapshot'],
    risk: 'The HGFS server lets VMware Tools in the guest transfer files to and from the host (it is what shared folders and some automatic upgrades use). It is an interface from the guest into the hypervisor that most server VMs never need.',
    remedy: 'Set isolation.tools.hgfsServerSet.disable = "TRUE" (and isolation.tools.hgfs.disable = "TRUE", the Workstation and Fusion switch for shared folders). On ESXi VMs vharden also reports the first key when it is missing; Workstation and Fusion VMs use HGFS for shared folders, so there only an explicit "FALSE" is reported (low, with a guarded fix).',
    live: vmOptions(['isolation.tools.hgfsServerSet.disable', 'TRUE']),
    references: [stig('VMCH-70-000007', undefined, 'VMware vSphere 7.0'), doc('VMware vSphere 5.5 Hardening Guide', 'VM.disable-hgfs')],
  },
  check(s) {
    const out: FindingDraft[] = [];
    const hosted = s.target === 'hosted';
    for (const key of ['isolation.tools.hgfsServerSet.disable', 'isolation.tools.hgfs.disable']) {
      const e = s.get(key);
      if (!e || vmxBool(e.value) !== false) continue;
      out.push({
        start: e.start,
        end: e.end,
        locator: e.locator,
        severity: hosted ? 'low' : 'medium',
        message: e.lower === 'isolation.tools.hgfs.disable'
          ? `${e.key} = "FALSE" turns on the host-guest file system (HGFS) that shared folders use.`
          : `${e.key} = "FALSE" keeps the host-guest file transfer interface open.`,
        fixes: [{ title: `Set ${e.key} to "TRUE"${hosted ? ' (guarded: disables shared folders)' : ''}`, safety: hosted ? 'guarded' : 'safe', edits: s.setValue(e, 'TRUE') }],
      });
    }
    const key = 'isolation.tools.hgfsServerSet.disable';
    if (s.get(key) || s.target !== 'esxi' || s.partial) return out;
    out.push({
      ...s.anchor,
      locator: key.toLowerCase(),
      message: `${key} is not set, so the HGFS file transfer interface is enabled on this ESXi VM.`,
      fixes: [{ title: `Add ${key} = "TRUE"`, safety: 'safe', edits: s.add(key, 'TRUE') }],
    });
    return out;
  },
};

import type { Rule } from '../../engine/types';
import { hasTemplate } from '../../formats/common/template';
import { VMX_SETTINGS, type VmxSettings } from '../../formats/vmx/settings';
import { doc, stig } from '../refs';
import { vmOptions } from '../live';

export const consoleVncPasswd: Rule<VmxSettings> = {
  input: VMX_SETTINGS,
  meta: {
    id: 'VMX-CONSOLE-VNC-PASSWD',
    title: 'VNC console password written in plaintext in the VM settings',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['vmx', 'ansible', 'terraform', 'packer', 'vsphere-snapshot'],
    risk: '`RemoteDisplay.vnc.password` stores the VM\'s VNC console password in cleartext in the .vmx (or in the playbook that writes it), which is copied with the VM, kept in backups and templates, and committed to repositories. VNC uses at most 8 characters of it. Anyone who reads the file can open the console: keyboard, screen and boot menu.',
    remedy: 'Turn the per-VM VNC server off (`RemoteDisplay.vnc.enabled = "FALSE"`) and use the vSphere/VMRC or Workstation console. If VNC must stay, keep the password out of the file: set it at deploy time from a secret store (an Ansible Vault variable) and rotate any password that was committed.',
    notes: 'Reports a non-empty `RemoteDisplay.vnc.password`; the password itself is never shown in the message. Templated values (`{{ vault_vnc_password }}`) are not reported. The encoded `RemoteDisplay.vnc.key` is not a plaintext password and is not reported. No fix: deleting the password would leave an enabled VNC server without one (VMX-CONSOLE-VNC reports that).',
    live: vmOptions(['RemoteDisplay.vnc.enabled', 'FALSE']),
    references: [stig('VMCH-70-000021', undefined, 'VMware vSphere 7.0'), doc('VMware vSphere 5.5 Hardening Guide', 'VM.minimize-console-VNC-use')],
  },
  check(s) {
    const e = s.get('RemoteDisplay.vnc.password');
    if (!e || e.value === '' || hasTemplate(e.value)) return [];
    return [{
      start: e.start,
      end: e.end,
      locator: e.locator,
      message: `${e.key} holds the VNC console password in plaintext: whoever reads this file can open the VM's console.`,
    }];
  },
};

import type { FindingDraft, Rule } from '../../engine/types';
import { parseProps } from '../../formats/proxmox-common/kv';
import type { PveVmModel } from '../../formats/proxmox-vm';
import { routerAppliance } from '../../formats/proxmox-vm/context';
import { pveDoc, truthy } from './common';

export const vmNetFirewall: Rule<PveVmModel> = {
  meta: {
    id: 'PVE-VM-NET-FIREWALL',
    title: 'VM network interface without firewall=1',
    family: 'vswitch-policy',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['proxmox-vm'],
    risk: 'Proxmox applies the VM firewall (its rules, and the MAC and IP anti-spoofing filters) only to NICs with `firewall=1`. A NIC without it is bridged straight onto the network: the guest can spoof MAC and IP addresses and no VM rule filters its traffic, even when the VM firewall is enabled.',
    remedy: 'Add `,firewall=1` to every `netN:` line (Hardware > Network Device > Firewall in the web UI) and enable the VM firewall in `/etc/pve/firewall/<vmid>.fw`.',
    notes: 'Only NICs attached to a bridge are checked (user-mode NICs have no firewall bridge). Router and firewall appliances (OPNsense, pfSense, VyOS, OpenWrt, IPFire, MikroTik RouterOS, … named in the VM\'s `name`, `tags` or description) are left alone: they route and filter traffic for others, and the VM firewall\'s anti-spoofing filters on their NICs would drop what they forward. Reads the live section only. The default of `firewall` is 0.',
    references: [pveDoc('qm.conf: net[n] firewall option'), pveDoc('pve-firewall: VM and container configuration')],
  },
  check(vm) {
    const out: FindingDraft[] = [];
    if (routerAppliance(vm)) return out;
    for (const e of vm.entries) {
      if (e.section !== undefined || !/^net\d+$/.test(e.lower)) continue;
      const props = parseProps(vm.index.text, e.valueStart, e.valueEnd);
      const bridge = props.find((p) => p.key === 'bridge');
      if (!bridge) continue;
      const fw = props.find((p) => p.key === 'firewall');
      if (fw && truthy(fw.value)) continue;
      out.push({
        start: e.keyStart,
        end: e.valueEnd,
        locator: e.lower,
        message: `${e.key} on bridge ${bridge.value} has ${fw ? `firewall=${fw.value}` : 'no firewall=1'}: the VM firewall and its MAC/IP anti-spoofing filters do not apply to this NIC.`,
        fixes: [
          fw
            ? { title: `Set firewall=1 on ${e.key}`, safety: 'safe', edits: [{ start: fw.valueStart, end: fw.valueEnd, newText: '1' }] }
            : { title: `Append ,firewall=1 to ${e.key}`, safety: 'safe', edits: [{ start: e.valueEnd, end: e.valueEnd, newText: ',firewall=1' }] },
        ],
      });
    }
    return out;
  },
};

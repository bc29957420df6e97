import type { FindingDraft, Rule } from '../../engine/types';
import { PVE_GUEST_NICS, type PveGuestNics } from '../../formats/proxmox-common/guest-nics';
import { pveDoc } from './common';

export const vmNetFirewall: Rule<PveGuestNics> = {
  input: PVE_GUEST_NICS,
  meta: {
    id: 'PVE-VM-NET-FIREWALL',
    title: 'VM or container network interface without firewall=1',
    family: 'vswitch-policy',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['proxmox-vm', 'proxmox-lxc'],
    risk: 'Proxmox applies the guest firewall (its rules, and the MAC and IP anti-spoofing filters) only to NICs with `firewall=1`, for VMs and containers alike. A NIC without it is bridged straight onto the network: the guest can spoof MAC and IP addresses and no VM or CT rule filters its traffic, even when the guest\'s firewall is enabled.',
    remedy: 'Add `,firewall=1` to every `netN:` line (Hardware > Network Device > Firewall for a VM, Network > Edit > Firewall for a container) and enable the guest\'s firewall in `/etc/pve/firewall/<vmid>.fw`.',
    notes: 'Reads every format that carries Proxmox guest NICs: VM configs (`/etc/pve/qemu-server/<vmid>.conf`) and container configs (`/etc/pve/lxc/<vmid>.conf`). Only NICs attached to a bridge are checked (user-mode NICs have no firewall bridge). Router and firewall appliances (OPNsense, pfSense, VyOS, OpenWrt, IPFire, MikroTik RouterOS, … named in a VM\'s `name`, a container\'s `hostname`, the tags or the description) are left alone: they route and filter traffic for others, and the guest firewall\'s anti-spoofing filters on their NICs would drop what they forward. Reads the live section only. The default of `firewall` is 0.',
    references: [pveDoc('qm.conf: net[n] firewall option'), pveDoc('pct.conf: net[n] firewall option'), pveDoc('pve-firewall: VM and container configuration')],
  },
  check(g) {
    const out: FindingDraft[] = [];
    if (g.appliance) return out;
    for (const nic of g.nics) {
      if (nic.firewallOn) continue;
      out.push({
        start: nic.start,
        end: nic.end,
        locator: nic.locator,
        message: `${nic.name} on bridge ${nic.bridge} has ${nic.firewall !== undefined ? `firewall=${nic.firewall}` : 'no firewall=1'}: the ${g.guest} firewall and its MAC/IP anti-spoofing filters do not apply to this NIC.`,
        fixes: [nic.enable],
      });
    }
    return out;
  },
};

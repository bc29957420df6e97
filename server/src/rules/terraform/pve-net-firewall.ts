import type { FindingDraft, Rule } from '../../engine/types';
import { attrValue, blocks, blocksOf, boolOf, insertAttr, label, setFix, strOf, tfDoc, attr, type HclModel } from './common';

/** Resources with NICs, the NIC block type, and what marks a router or firewall appliance. */
const NICS: [string, string][] = [
  ['proxmox_vm_qemu', 'network'],
  ['proxmox_lxc', 'network'],
  ['proxmox_virtual_environment_vm', 'network_device'],
  ['proxmox_virtual_environment_container', 'network_interface'],
];
const ROUTER = /opnsense|pfsense|vyos|openwrt|ipfire|routeros|mikrotik|firewall|router/i;

export const tfPveNetFirewall: Rule<HclModel> = {
  meta: {
    id: 'TF-PVE-NET-FIREWALL',
    title: 'Proxmox VM or container NIC without the Proxmox firewall',
    family: 'vswitch-policy',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['terraform'],
    risk: 'Proxmox applies a guest\'s firewall rules and its MAC and IP anti-spoofing filters only to NICs with the firewall flag. A NIC without it is bridged straight onto the network: the guest can spoof addresses and no rule filters its traffic, even when the guest firewall is enabled. Both Proxmox providers leave the flag off unless `firewall = true` is written.',
    remedy: 'Write `firewall = true` in every network block (Telmate `network`, bpg `network_device` / `network_interface`) and enable the guest firewall (bpg `proxmox_virtual_environment_firewall_options`, or the Proxmox UI).',
    notes: 'The same check as PVE-VM-NET-FIREWALL on the config Terraform writes. An omitted `firewall` takes the providers\' default (false) and is reported with a fix that adds it. Router and firewall appliances (OPNsense, pfSense, VyOS, OpenWrt, … in the resource\'s name, description or tags) are left alone: the anti-spoofing filters would drop what they forward. Values from variables declared elsewhere are not judged.',
    references: [tfDoc('Telmate/proxmox', 'proxmox_vm_qemu network firewall'), tfDoc('bpg/proxmox', 'proxmox_virtual_environment_vm network_device firewall'), { source: 'Proxmox VE docs', id: 'pve-firewall: VM and container configuration' }],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const [type, nicType] of NICS) {
      for (const b of blocksOf(model, 'resource', type)) {
        const names = ['name', 'hostname', 'description', 'desc', 'tags'].map((n) => strOf(model, attr(b.body, n)?.value) ?? '').join(' ');
        if (ROUTER.test(names) || ROUTER.test(b.labels[1] ?? '')) continue;
        blocks(b.body, nicType).forEach((nic, i) => {
          const found = attrValue(model, nic.body, 'firewall');
          const locator = `${b.labels.join('.')}/${nicType}[${i}]/firewall`;
          if (!found) {
            out.push({ start: nic.typeStart, end: nic.headEnd, locator, message: `${label(b)}: ${nicType} ${i} does not set firewall, so the provider's default (false) bridges it onto the network unfiltered.`, fixes: [{ title: 'Add firewall = true', safety: 'safe', edits: [insertAttr(model, nic.body, 'firewall', true)] }] });
            return;
          }
          if (boolOf(model, found.attr.value) !== false) return;
          out.push({ start: found.attr.start, end: found.attr.end, locator, message: `${label(b)}: ${nicType} ${i} has the Proxmox firewall off: no guest rule or anti-spoofing filter applies to it.`, fixes: setFix(found.attr, found.value, true, 'Set firewall to true') });
        });
      }
    }
    return out;
  },
};

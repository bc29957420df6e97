import { insertLineAfter } from '../../engine/text';
import type { Fix, FindingDraft, Rule } from '../../engine/types';
import type { FirewallModel } from '../../formats/proxmox-firewall';
import type { FwOption } from '../../formats/proxmox-firewall/parser';
import { pveDoc, truthy } from './common';

export const vmfwSpoof: Rule<FirewallModel> = {
  meta: {
    id: 'PVE-VMFW-SPOOF',
    title: 'VM firewall off or anti-spoofing filters disabled',
    family: 'vswitch-policy',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['proxmox-firewall'],
    risk: 'In a VM firewall file, `enable` (default 0) switches the VM firewall on, `macfilter` (default 1) drops frames whose source MAC is not the NIC\'s, and `ipfilter` (default 0) drops packets from addresses the VM was not given. With these off a guest can impersonate other hosts on the bridge (ARP/NDP spoofing, traffic interception) and VM rules are not applied.',
    remedy: 'Set `enable: 1`, keep `macfilter: 1`, and set `ipfilter: 1` with `[IPSET ipfilter-net0]` listing the addresses each NIC may use. Also put `firewall=1` on the VM\'s NICs.',
    notes: 'Reads VM firewall files (`<vmid>.fw`). `macfilter: 0` has a safe fix; enabling the VM firewall or the IP filter can cut a running guest off and is a guarded fix. ipfilter is reported (low) only while the VM firewall is enabled.',
    references: [pveDoc('pve-firewall: VM and container options (enable, macfilter, ipfilter)')],
  },
  check(fw, ctx) {
    if (fw.kind !== 'vm') return [];
    const out: FindingDraft[] = [];
    const header = fw.sections.find((s) => s.type === 'options');
    const setOrInsert = (opt: FwOption | undefined, key: string, title: string): Fix[] => {
      if (opt) return [{ title, safety: 'guarded', edits: [{ start: opt.valueStart, end: opt.valueEnd, newText: '1' }] }];
      if (header) return [{ title, safety: 'guarded', edits: [insertLineAfter(ctx.text, fw.index, header.line, `${key}: 1`)] }];
      return [];
    };
    const mac = fw.option('macfilter');
    if (mac && !truthy(mac.value)) {
      out.push({
        start: mac.keyStart,
        end: mac.valueEnd,
        locator: 'options:macfilter',
        message: `macfilter: ${mac.value} lets the guest send frames with any source MAC address (MAC spoofing).`,
        fixes: [{ title: 'Set macfilter: 1', safety: 'safe', edits: [{ start: mac.valueStart, end: mac.valueEnd, newText: '1' }] }],
      });
    }
    const enable = fw.option('enable');
    if (!enable || !truthy(enable.value)) {
      const anchor = enable ? { start: enable.keyStart, end: enable.valueEnd } : (header ? { start: header.start, end: header.end } : { start: 0, end: 0, onFile: true });
      out.push({
        ...anchor,
        locator: 'options:enable',
        message: `The VM firewall is off (${enable ? `enable: ${enable.value}` : 'no enable: 1, default off'}): its rules and MAC/IP filters are not applied.`,
        fixes: setOrInsert(enable, 'enable', 'Enable the VM firewall (guarded: inbound traffic the VM rules do not admit is dropped)'),
      });
      return out;
    }
    const ip = fw.option('ipfilter');
    if (!ip || !truthy(ip.value)) {
      const anchor = ip ? { start: ip.keyStart, end: ip.valueEnd } : { start: enable.keyStart, end: enable.valueEnd };
      out.push({
        ...anchor,
        severity: 'low',
        locator: 'options:ipfilter',
        message: `ipfilter is ${ip ? ip.value : 'not set (default off)'}: the guest can send from IP addresses it was not given.`,
        fixes: setOrInsert(ip, 'ipfilter', 'Enable the IP filter (guarded: list each NIC\'s addresses in [IPSET ipfilter-netN] or the guest may lose traffic)'),
      });
    }
    return out;
  },
};

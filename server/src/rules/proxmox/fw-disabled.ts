import type { Rule } from '../../engine/types';
import type { FirewallModel } from '../../formats/proxmox-firewall';
import { pveDoc, truthy } from './common';

export const fwDisabled: Rule<FirewallModel> = {
  meta: {
    id: 'PVE-FW-DISABLED',
    title: 'Cluster firewall disabled',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'none',
    formats: ['proxmox-firewall'],
    risk: 'The Proxmox firewall ships disabled at cluster level. While `enable` in cluster.fw is not 1, no host or VM firewall rule is applied: the web UI/API (8006), SSH, SPICE proxy (3128) and VNC consoles (5900-5999) are reachable from every network the nodes are on, and the per-VM MAC/IP anti-spoofing filters are off.',
    remedy: 'Define `[IPSET management]` with your admin networks, add rules that admit them, keep an SSH session open, then set `enable: 1` in `[OPTIONS]` of /etc/pve/firewall/cluster.fw. No quick fix: enabling the firewall without the right rules can lock you out.',
    notes: 'Checks cluster.fw only (host.fw and VM files have their own enable switches). A missing `enable` counts as off, the documented default. A security-group snippet (only `[group …]` sections) named cluster.fw is not judged unless it is at a real `pve/firewall/cluster.fw` path, nor are files with other names (`cluster-web.fw`).',
    references: [pveDoc('pve-firewall: cluster wide setup (firewall is disabled by default)')],
  },
  check(fw) {
    if (fw.kind !== 'cluster') return [];
    const enable = fw.option('enable');
    if (enable && truthy(enable.value)) return [];
    if (enable) return [{ start: enable.keyStart, end: enable.valueEnd, locator: 'options:enable', message: `The cluster firewall is off (enable: ${enable.value}): no host or VM firewall rule is applied.` }];
    const header = fw.sections.find((s) => s.type === 'options');
    // no [OPTIONS] section: the finding is about the file, not its (unrelated) first line
    const anchor = header ? { start: header.start, end: header.end } : { start: 0, end: 0, onFile: true };
    return [{ ...anchor, locator: 'options:enable', message: 'cluster.fw has no `enable: 1` in [OPTIONS]: the cluster firewall is off (the default), so no host or VM firewall rule is applied.' }];
  },
};

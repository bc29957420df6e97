import type { FindingDraft, Rule } from '../../engine/types';
import type { FirewallModel } from '../../formats/proxmox-firewall';
import { ruleOption, type FwRule } from '../../formats/proxmox-firewall/parser';
import { pveDoc } from './common';

const SERVICES: { name: string; from: number; to: number }[] = [
  { name: 'SSH (22)', from: 22, to: 22 },
  { name: 'web UI/API (8006)', from: 8006, to: 8006 },
  { name: 'SPICE proxy (3128)', from: 3128, to: 3128 },
  { name: 'VNC consoles (5900-5999)', from: 5900, to: 5999 },
];

/** pve-firewall macros (matched case-insensitively) that open a management port, with their TCP ports. */
const MACROS: Record<string, [number, number]> = { ssh: [22, 22], vnc: [5900, 5999], spiceproxy: [3128, 3128], squid: [3128, 3128] };

const ANY = new Set(['0.0.0.0/0', '::/0', '0/0', '0.0.0.0/0.0.0.0']);

/** Port ranges of a -dport value (`22`, `5900:5999`, `22,8006`, `ssh`); undefined when a part is not understood. */
function portRanges(spec: string): [number, number][] | undefined {
  const out: [number, number][] = [];
  for (const part of spec.split(',')) {
    const m = /^(\d+)(?::(\d+))?$/.exec(part.trim());
    if (m) out.push([Number(m[1]), Number(m[2] ?? m[1])]);
    else if (part.trim().toLowerCase() === 'ssh') out.push([22, 22]);
    else return undefined;
  }
  return out;
}

/** Strips the `dc/` or `guest/` scope of an alias or IP set reference. */
function unscoped(name: string): string {
  return name.replace(/^(dc|guest)\//i, '').toLowerCase();
}

/** True when a -source value (or its absence) admits every address. */
function fromAnywhere(fw: FirewallModel, source: string | undefined): boolean {
  if (source === undefined) return true;
  return source.split(',').some((part) => {
    const p = part.trim();
    if (ANY.has(p)) return true;
    if (p.startsWith('+')) return fw.ipsets.get(unscoped(p.slice(1)))?.entries.some((e) => !e.nomatch && ANY.has(e.cidr)) ?? false;
    const alias = fw.aliases.get(unscoped(p));
    return alias ? ANY.has(alias.cidr) : false;
  });
}

function exposedServices(rule: FwRule): string[] {
  if (rule.macro) {
    const ports = MACROS[rule.macro.toLowerCase()];
    return ports ? SERVICES.filter((s) => ports[0] <= s.to && ports[1] >= s.from).map((s) => s.name) : [];
  }
  const proto = ruleOption(rule, 'p')?.value.toLowerCase();
  if (proto !== undefined && proto !== 'tcp' && proto !== '6') return [];
  const dport = ruleOption(rule, 'dport');
  if (!dport) return SERVICES.map((s) => s.name);
  const ranges = portRanges(dport.value);
  if (!ranges) return [];
  return SERVICES.filter((s) => ranges.some(([a, b]) => a <= s.to && b >= s.from)).map((s) => s.name);
}

export const fwMgmtOpen: Rule<FirewallModel> = {
  meta: {
    id: 'PVE-FW-MGMT-OPEN',
    title: 'Management ports open to every source',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'none',
    formats: ['proxmox-firewall'],
    risk: 'An inbound ACCEPT rule in cluster.fw or host.fw for the web UI/API (8006), SSH (22), the SPICE proxy (3128) or the VNC consoles (5900-5999) without `-source` admits the whole internet or LAN to the hypervisor\'s management plane. The same holds when the `management` IP set or the `local_network` alias is widened to 0.0.0.0/0.',
    remedy: 'Add `-source +management` to such rules and list the real admin networks in `[IPSET management]` (Datacenter > Firewall > IPSet). No quick fix: vharden does not know your admin networks.',
    notes: 'Reads [RULES] of cluster.fw and host.fw, and security groups those rules use; rules disabled with `|` and VM firewall files are not reported. Sources that name an alias or IP set defined in the same file are resolved; others are assumed to be restricted. Rules with a protocol other than TCP are not reported; of the macros, SSH, VNC, SPICEproxy and Squid (port 3128) count.',
    references: [pveDoc('pve-firewall: ports used by Proxmox VE'), pveDoc('pve-firewall: standard IP set management')],
  },
  check(fw) {
    if (fw.kind !== 'cluster' && fw.kind !== 'host') return [];
    const out: FindingDraft[] = [];
    const report = (rule: FwRule, via?: string) => {
      if (!rule.enabled || rule.direction !== 'IN' || rule.verdict !== 'ACCEPT') return;
      const services = exposedServices(rule);
      const source = ruleOption(rule, 'source');
      if (services.length === 0 || !fromAnywhere(fw, source?.value)) return;
      const iface = ruleOption(rule, 'i');
      out.push({
        start: rule.start,
        end: rule.end,
        locator: `${rule.section}:${fw.index.text.slice(rule.start, rule.end).replace(/\s+/g, ' ')}`,
        message: `${via ? `${via}: ` : ''}IN ${rule.macro ? `${rule.macro}(ACCEPT)` : 'ACCEPT'} opens ${services.join(', ')} to ${source ? `${source.value} (every address)` : 'every source'}${iface ? ` on ${iface.value}` : ''}.`,
      });
    };
    for (const rule of fw.rules) {
      report(rule);
      if (rule.direction === 'GROUP' && rule.enabled) for (const r of fw.groups.get(rule.verdict) ?? []) report(r, `security group ${rule.verdict}, used in [RULES]`);
    }
    const mgmt = fw.ipsets.get('management');
    for (const e of mgmt?.entries ?? []) {
      if (!e.nomatch && ANY.has(e.cidr)) out.push({ start: e.start, end: e.end, locator: `ipset:management:${e.cidr}`, message: `The management IP set contains ${e.cidr}: every address may reach the web UI, SSH and consoles.` });
    }
    const local = fw.aliases.get('local_network');
    if (local && ANY.has(local.cidr)) out.push({ start: local.start, end: local.end, locator: 'alias:local_network', message: `local_network is overridden to ${local.cidr}: the built-in management rules then admit every address.` });
    return out;
  },
};

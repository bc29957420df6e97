import { detectEol, LineIndex } from '../../engine/text';
import type { FindingDraft, Rule } from '../../engine/types';
import { lineAfter, type HyperVScriptModel } from '../../formats/powershell';
import type { HvNic, HyperVModel } from '../../formats/powershell/hyperv';
import { NIST_125B } from '../fabric/refs';
import { quote, replaceLiteral, vmsLabel } from './edit';
import { HV_SECURITY, HYPERVDSC, PORT_SECURITY_WMI, SET_VMNETWORKADAPTER } from './refs';

const NAMES = { dhcpguard: 'DhcpGuard', routerguard: 'RouterGuard' } as const;

/** Lower-case names of the switches that carry two or more of the model's guests. */
function sharedSwitches(nics: HvNic[]): Set<string> {
  const vmsBySwitch = new Map<string, Set<string>>();
  for (const n of nics) {
    if (n.host || n.switch === undefined) continue;
    const k = n.switch.toLowerCase();
    let set = vmsBySwitch.get(k);
    if (!set) vmsBySwitch.set(k, (set = new Set()));
    set.add(n.vm.toLowerCase());
  }
  return new Set([...vmsBySwitch].filter(([, vms]) => vms.size > 1).map(([sw]) => sw));
}

/** Guest adapters the script creates on switches that carry two or more of its guests. */
function sharedGuestNics(nics: HvNic[]): HvNic[] {
  const shared = sharedSwitches(nics);
  return nics.filter((n) => !n.host && !n.dsc && n.switch !== undefined && shared.has(n.switch.toLowerCase()));
}

/** A host's snapshot records both guards of every adapter: the ones off on a shared switch, at low severity (off is the default). */
function liveGuards(hv: HyperVModel): FindingDraft[] {
  const shared = sharedSwitches(hv.nics);
  const out: FindingDraft[] = [];
  for (const s of hv.nicSettings) {
    if ((s.key !== 'dhcpguard' && s.key !== 'routerguard') || s.host || s.setting.value !== 'off' || s.switch === undefined || !shared.has(s.switch.toLowerCase())) continue;
    const name = NAMES[s.key];
    out.push({
      start: s.setting.start,
      end: s.setting.end,
      severity: 'low',
      locator: `nic:${(s.vms ?? ['?']).join(',')}/${s.nic ?? '*'}#${name}`,
      message: `${name} is off for adapter ${s.nic ?? '?'} of ${vmsLabel(s.vms)}, on switch ${s.switch} with other guests: the guest can ${s.key === 'dhcpguard' ? 'answer its neighbours\' DHCP requests and become their gateway' : 'send router advertisements and redirects to its neighbours'}.`,
    });
  }
  return out;
}

export const hvNicGuards: Rule<HyperVScriptModel> = {
  meta: {
    id: 'HV-NIC-GUARDS',
    title: 'Hyper-V guest adapter without DHCP guard or router guard on a shared switch',
    family: 'vswitch-policy',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['hyperv-ps', 'hyperv-snapshot'],
    risk: 'Without DHCP guard a guest can answer DHCP requests of its neighbours and hand them its own gateway and DNS server; without router guard it can send IPv6 router advertisements and redirects. Either puts the guest in the middle of its neighbours\' traffic on the same switch. Both guards are off by default.',
    remedy: 'Set `-DhcpGuard On -RouterGuard On` on guest adapters that are not DHCP servers or routers (`Set-VMNetworkAdapter`, or `DhcpGuard = \'On\'`/`RouterGuard = \'On\'` in DSC `VMNetworkAdapterSettings`).',
    notes: 'Reports an explicit `-DhcpGuard Off`/`-RouterGuard Off` on a guest adapter (medium; the safe fix writes `On`), and, at low severity, a guest adapter the script creates (`New-VM -SwitchName`, `Add-VMNetworkAdapter`, `Connect-VMNetworkAdapter`) on a switch that two or more of the script\'s VMs use, when the script never sets the guards for that VM; its safe fix adds a `Set-VMNetworkAdapter -VMName … -DhcpGuard On -RouterGuard On` line after the command. Host adapters (`-ManagementOS`) and adapters of VMs whose names are not literals are not judged. In a host\'s snapshot (hyperv-snapshot), where every adapter\'s guards are recorded, a guard that is off on a guest adapter of a switch two or more VMs use is reported at low severity, without a fix (change it on the host). A guest that is itself a DHCP server or router needs the guard off: suppress the finding there.',
    references: [SET_VMNETWORKADAPTER, PORT_SECURITY_WMI, HV_SECURITY, HYPERVDSC, NIST_125B],
  },
  check(model, ctx) {
    const hv = model.hv;
    if (hv.live) return liveGuards(hv);
    const out: FindingDraft[] = [];
    for (const s of hv.nicSettings) {
      if ((s.key !== 'dhcpguard' && s.key !== 'routerguard') || s.host || s.setting.value !== 'off') continue;
      const name = NAMES[s.key];
      const edit = replaceLiteral(ctx.text, s.setting, 'On');
      out.push({
        start: s.setting.start,
        end: s.setting.end,
        locator: `nic:${(s.vms ?? ['?']).join(',')}/${s.nic ?? '*'}#${name}`,
        message: `${name} is off for ${s.nic ? `adapter ${s.nic} of ` : 'the adapters of '}${vmsLabel(s.vms)}: the guest can ${s.key === 'dhcpguard' ? 'answer its neighbours\' DHCP requests and become their gateway' : 'send router advertisements and redirects to its neighbours'}.`,
        fixes: edit ? [{ title: `Set ${name} to On`, safety: 'safe', edits: [edit] }] : undefined,
      });
    }
    const guarded = new Set<string>();
    for (const s of hv.nicSettings) if ((s.key === 'dhcpguard' || s.key === 'routerguard') && s.vms) for (const vm of s.vms) guarded.add(vm.toLowerCase());
    let index: LineIndex | undefined;
    for (const n of sharedGuestNics(hv.nics)) {
      if (guarded.has(n.vm.toLowerCase())) continue;
      index ??= new LineIndex(ctx.text);
      const site = lineAfter(ctx.text, index, n.after);
      const line = `${site.indent}Set-VMNetworkAdapter -VMName ${quote(n.vm)}${n.nic ? ` -Name ${quote(n.nic)}` : ''} -DhcpGuard On -RouterGuard On`;
      out.push({
        start: n.start,
        end: n.end,
        severity: 'low',
        locator: `nic:${n.vm}/${n.nic ?? 'Network Adapter'}#guards`,
        message: `VM ${n.vm} shares switch ${n.switch} with other guests and the script never turns on its DHCP guard or router guard (both off by default): it can pose as DHCP server or router to its neighbours.`,
        fixes: [{ title: 'Add Set-VMNetworkAdapter with DhcpGuard On and RouterGuard On', safety: 'safe', edits: [{ start: site.at, end: site.at, newText: `${detectEol(ctx.text)}${line}` }] }],
      });
    }
    return out;
  },
};

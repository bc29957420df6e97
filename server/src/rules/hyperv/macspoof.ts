import type { FindingDraft, Rule } from '../../engine/types';
import type { HyperVScriptModel } from '../../formats/powershell';
import { NIST_125B } from '../fabric/refs';
import { replaceLiteral, vmsLabel } from './edit';
import { HV_SECURITY, HYPERVDSC, PORT_SECURITY_WMI, SET_VMNETWORKADAPTER } from './refs';

export const hvNicMacSpoof: Rule<HyperVScriptModel> = {
  meta: {
    id: 'HV-NIC-MACSPOOF',
    title: 'Hyper-V network adapter allows MAC address spoofing',
    family: 'vswitch-policy',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['hyperv-ps', 'hyperv-snapshot'],
    risk: 'With MAC address spoofing on, the guest may send frames from any source MAC address: it can impersonate another VM or the gateway on the same switch, poison the switch\'s MAC table and receive traffic meant for its neighbours.',
    remedy: 'Set `-MacAddressSpoofing Off` (the default) on every adapter that does not need it. Only nested virtualization hosts, network load balancing in unicast mode and some appliances need it; give those their own switch or VLAN.',
    notes: 'Reads `Set-VMNetworkAdapter -MacAddressSpoofing On` (also through a splatted hashtable, a literal variable or a piped `Get-VM`/`Get-VMNetworkAdapter`) and DSC `VMNetworkAdapterSettings`/`cVMNetworkAdapterSettings` `MacAddressSpoofing = \'On\'`. Host (management OS) adapters are not reported. The safe fix writes `Off`; a value from a variable is reported without a fix. In a host\'s snapshot (hyperv-snapshot) it reads each adapter\'s `macAddressSpoofing` and reports it without a fix.',
    references: [SET_VMNETWORKADAPTER, PORT_SECURITY_WMI, HV_SECURITY, HYPERVDSC, NIST_125B],
  },
  check(model, ctx) {
    const out: FindingDraft[] = [];
    for (const s of model.hv.nicSettings) {
      if (s.key !== 'macaddressspoofing' || s.host || s.setting.value !== 'on') continue;
      const edit = replaceLiteral(ctx.text, s.setting, 'Off');
      out.push({
        start: s.setting.start,
        end: s.setting.end,
        locator: `nic:${(s.vms ?? ['?']).join(',')}/${s.nic ?? '*'}#MacAddressSpoofing`,
        message: `MAC address spoofing is on for ${s.nic ? `adapter ${s.nic} of ` : 'the adapters of '}${vmsLabel(s.vms)}: the guest can send frames as any other VM or the gateway on its switch.`,
        fixes: edit ? [{ title: 'Set MacAddressSpoofing to Off', safety: 'safe', edits: [edit] }] : undefined,
      });
    }
    return out;
  },
};

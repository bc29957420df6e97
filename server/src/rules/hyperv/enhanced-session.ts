import { describeContext } from '../../engine/context';
import type { FindingDraft, Rule } from '../../engine/types';
import { HYPERV_CONFIG, type HyperVModel } from '../../formats/powershell/hyperv';
import { replaceLiteral } from './edit';
import { ENHANCED_SESSION, HV_SECURITY, HYPERVDSC, SET_VMHOST_ENHANCED_SESSION } from './refs';

export const hvHostEnhancedSession: Rule<HyperVModel> = {
  input: HYPERV_CONFIG,
  meta: {
    id: 'HV-HOST-ENHANCEDSESSION',
    title: 'Enhanced session mode turned on for a Hyper-V server',
    family: 'guest-isolation',
    severity: 'low',
    fixSafety: 'safe',
    formats: ['hyperv-ps', 'hyperv-snapshot'],
    risk: 'Enhanced session mode makes Virtual Machine Connection a Remote Desktop session over the VMBus: the administrator\'s clipboard, drives, smart cards and other devices can be redirected into the guest. A compromised guest then reads what an administrator copies or shares while connected to its console, and it can do so even when the guest has no network. Windows Server leaves it off; Windows 10/11, where one person owns the guests, turns it on.',
    remedy: 'Leave enhanced session mode off on servers (`Set-VMHost -EnableEnhancedSessionMode $false`, DSC `VMHost` `EnableEnhancedSessionMode = $false`) and manage guests over their own remote access; use it only on hosts whose guests you trust as much as your workstation.',
    notes: 'Reads `Set-VMHost -EnableEnhancedSessionMode $true` and DSC `VMHost`/`xVMHost` `EnableEnhancedSessionMode = $true`. Judged by the system context: reported only on a server (profile `server`, or evidence in the file such as `Install-WindowsFeature Hyper-V` or live migration settings); on Windows 10/11 (the Default Switch) or with no evidence it is not reported. In a host\'s snapshot (hyperv-snapshot) it reads `host.enhancedSessionMode`, judged by the host\'s Windows edition, and reports without a fix. The safe fix writes `$false`: Virtual Machine Connection falls back to basic sessions (console only, no redirection).',
    references: [SET_VMHOST_ENHANCED_SESSION, ENHANCED_SESSION, HV_SECURITY, HYPERVDSC],
  },
  check(hv, ctx) {
    if (ctx.system.kind !== 'server') return [];
    const out: FindingDraft[] = [];
    for (const h of hv.host) {
      if (h.key !== 'enableenhancedsessionmode' || (h.setting.value !== 'true' && h.setting.value !== '1')) continue;
      const edit = replaceLiteral(ctx.text, h.setting, false);
      out.push({
        start: h.setting.start,
        end: h.setting.end,
        locator: 'host#EnableEnhancedSessionMode',
        message: `Enhanced session mode is on for this host (${describeContext(ctx.system)}): an administrator's clipboard and drives can be redirected into the guests they connect to.`,
        fixes: edit ? [{ title: 'Turn enhanced session mode off', safety: 'safe', edits: [edit] }] : undefined,
      });
    }
    return out;
  },
};

import type { FindingDraft, Rule } from '../../engine/types';
import { VMX_SETTINGS, type VmxSettings, vmxBool } from '../../formats/vmx/settings';
import { doc, stig } from '../refs';
import { isLoopback } from '../net';
import { vmOptions } from '../live';

export const consoleVnc: Rule<VmxSettings> = {
  input: VMX_SETTINGS,
  meta: {
    id: 'VMX-CONSOLE-VNC',
    title: 'Per-VM VNC console enabled',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['vmx', 'ansible', 'terraform', 'packer', 'vsphere-snapshot'],
    risk: 'RemoteDisplay.vnc.enabled starts a VNC server for this VM on the host. Anyone who reaches the port gets the console: keyboard, screen and boot menu, often with no password at all. It bypasses vCenter permissions and auditing.',
    remedy: 'Set RemoteDisplay.vnc.enabled = "FALSE" and use the vSphere/VMRC console. If VNC must stay (a Packer build typing boot commands), bind it to loopback with RemoteDisplay.vnc.ip = "127.0.0.1" and set a password.',
    live: vmOptions(['RemoteDisplay.vnc.enabled', 'FALSE']),
    references: [
      stig('VMCH-70-000021', undefined, 'VMware vSphere 7.0'),
      doc('VMware vSphere 5.5 Hardening Guide', 'VM.minimize-console-VNC-use'),
    ],
  },
  check(s, ctx) {
    const enabled = s.get('RemoteDisplay.vnc.enabled');
    if (!enabled || vmxBool(enabled.value) !== true) return [];
    const ip = s.get('RemoteDisplay.vnc.ip')?.value.trim();
    const hasSecret = !!(s.get('RemoteDisplay.vnc.password')?.value || s.get('RemoteDisplay.vnc.key')?.value);
    const authNone = s.get('RemoteDisplay.vnc.auth')?.value.trim().toLowerCase() === 'none';
    const loopback = !!ip && isLoopback(ip);
    const packer = /(^|[\\/])(packer|output-[^\\/]+)([\\/]|$)/i.test(ctx.path);
    const where = loopback ? `on loopback (${ip})` : ip ? `on ${ip}` : 'on every host interface';
    const unauthenticated = !hasSecret || authNone;
    const severity = loopback || packer ? 'low' : unauthenticated ? 'critical' : 'high';
    const finding: FindingDraft = {
      start: enabled.start,
      end: enabled.end,
      severity,
      locator: enabled.locator,
      message: `VNC console is enabled ${where}${unauthenticated ? ' with no password' : ''}${packer ? ' (Packer build VM)' : ''}: anyone who reaches the port controls this VM.`,
      fixes: [{ title: 'Disable the VNC console (guarded: build tools that type over VNC stop working)', safety: 'guarded', edits: s.setValue(enabled, 'FALSE') }],
    };
    return [finding];
  },
};

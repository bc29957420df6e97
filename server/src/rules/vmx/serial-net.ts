import type { FindingDraft, Rule } from '../../engine/types';
import { VMX_SETTINGS, type VmxSettings, ensureValue, vmxBool } from '../../formats/vmx/settings';
import { isLoopback, isWildcard } from '../net';
import { stig } from '../refs';

/** `telnet://:7002`, `tcp://0.0.0.0:42001`, `telnets://host:port` → host (empty for "any"). */
function listenHost(uri: string): string | undefined {
  const m = /^\s*(telnet|telnets|tcp|tcp4|tcp6|ssl|tls):\/\/(\[[^\]]*\]|[^:/]*)(?::(\d+))?/i.exec(uri);
  return m ? m[2]! : undefined;
}

export const serialNet: Rule<VmxSettings> = {
  input: VMX_SETTINGS,
  meta: {
    id: 'VMX-SERIAL-NET',
    title: 'Serial port served on the network',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['vmx', 'ansible', 'terraform', 'packer', 'vsphere-snapshot'],
    risk: 'A serial port with fileType "network" in server mode makes the host listen on a TCP port and hand the guest console to whoever connects: no authentication, and with telnet not even encryption. On most guests the serial console is a root login prompt.',
    remedy: 'Remove the serial device (serialN.present = "FALSE"), or route it through a virtual serial port concentrator (vSPC) or to a loopback address that only an authenticated proxy reaches.',
    live: {
      client: 'VM > Edit Settings > Virtual Hardware: remove the serial port (with the VM powered off), or set its connection to a virtual serial port concentrator',
      ansible: '`community.vmware.vmware_guest_serial_port` with `backings: [{ backing_type: network, service_uri: <uri>, state: absent }]`',
    },
    references: [stig('VMCH-80-000212', 'V-258725')],
  },
  check(s) {
    const out: FindingDraft[] = [];
    for (const type of s.matching(/^serial\d+\.filetype$/)) {
      if (type.value.trim().toLowerCase() !== 'network') continue;
      const n = type.lower.slice(0, type.lower.indexOf('.'));
      const present = s.get(`${n}.present`);
      if (present && vmxBool(present.value) === false) continue;
      if (s.get(`${n}.vspc`)?.value.trim()) continue;
      const endPoint = s.get(`${n}.network.endPoint`)?.value.trim().toLowerCase() ?? 'server';
      if (endPoint === 'client') continue;
      const file = s.get(`${n}.fileName`);
      const host = file ? listenHost(file.value) : '';
      if (host === undefined || (host && isLoopback(host))) continue;
      const telnet = !!file && /^\s*telnet:/i.test(file.value);
      const everywhere = isWildcard(host);
      const at = file ?? type;
      out.push({
        start: at.start,
        end: at.end,
        severity: everywhere ? 'high' : 'medium',
        locator: `${n}.filename`,
        message: `${n} listens on ${everywhere ? 'every host interface' : host}${file ? ` (${file.value.trim()})` : ''}${telnet ? ' over plain telnet' : ''}: whoever connects gets this VM's serial console without authentication.`,
        fixes: [{ title: `Remove ${n} (guarded: breaks tooling that uses this console)`, safety: 'guarded', edits: ensureValue(s, `${n}.present`, 'FALSE') }],
      });
    }
    return out;
  },
};

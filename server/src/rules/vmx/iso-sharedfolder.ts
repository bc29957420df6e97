import type { FindingDraft, Rule } from '../../engine/types';
import { hasTemplate } from '../../formats/common/template';
import { VMX_SETTINGS, ensureValue, vmxBool, type VmxSettings } from '../../formats/vmx/settings';
import { sensitiveHostPath } from '../host-paths';
import { doc, stig } from '../refs';
import { vmOptions } from '../live';

export const isoSharedFolder: Rule<VmxSettings> = {
  input: VMX_SETTINGS,
  meta: {
    id: 'VMX-ISO-SHAREDFOLDER',
    title: 'Host folder shared into the guest (writable, or a drive root or home folder)',
    family: 'guest-isolation',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['vmx', 'ansible', 'terraform', 'packer', 'vsphere-snapshot'],
    risk: 'A shared folder (`sharedFolderN.hostPath`, served by HGFS) puts part of the host\'s file system inside the guest. With `writeAccess` the guest can plant or change files the host user later opens or runs (scripts, documents, autostart entries); ransomware in the guest encrypts them too. Sharing a drive root (`C:\\`, `/`) or a home folder hands over the user\'s keys, browser profiles and credentials.',
    remedy: 'Share a dedicated, narrow folder and make it read-only (`sharedFolderN.writeAccess = "FALSE"`), or disable the share (`sharedFolderN.enabled = "FALSE"`) and copy files another way. Never share a drive root or a whole home folder.',
    notes: 'Reports each enabled shared folder that is writable (medium) or whose host path is a drive root, home folder or system folder (high when also writable, medium when read-only); read-only shares of other folders are not reported. Folders past `sharedFolder.maxNum`, with `present`/`enabled` "FALSE", or with HGFS turned off (`isolation.tools.hgfs.disable` or `isolation.tools.hgfsServerSet.disable` "TRUE") are ignored, as VMware ignores them. Templated paths are not judged. Also runs on Ansible `vmware_guest.advanced_settings`. Shared folders exist on Workstation, Fusion and Player; ESXi does not serve them.',
    live: vmOptions(['sharedFolder<N>.writeAccess', 'FALSE']),
    references: [stig('VMCH-70-000007', undefined, 'VMware vSphere 7.0'), doc('VMware vSphere 5.5 Hardening Guide', 'VM.disable-hgfs'), doc('VMware Workstation Pro documentation', 'Using Shared Folders (sharedFolderN.hostPath, writeAccess, sharedFolder.maxNum)')],
  },
  check(s) {
    const off = (key: string) => vmxBool(s.get(key)?.value) === true;
    if (off('isolation.tools.hgfs.disable') || off('isolation.tools.hgfsServerSet.disable')) return [];
    const maxNum = Number(s.get('sharedFolder.maxNum')?.value.trim());
    const folders = new Set<number>();
    for (const e of s.matching(/^sharedfolder\d+\./)) folders.add(Number(/^sharedfolder(\d+)\./.exec(e.lower)![1]));
    const out: FindingDraft[] = [];
    for (const n of [...folders].sort((a, b) => a - b)) {
      if (Number.isInteger(maxNum) && n >= maxNum) continue;
      const k = (name: string) => s.get(`sharedFolder${n}.${name}`);
      if (vmxBool(k('present')?.value) === false || vmxBool(k('enabled')?.value) === false) continue;
      const path = k('hostPath');
      const write = k('writeAccess');
      const writable = vmxBool(write?.value) === true;
      const where = path && !hasTemplate(path.value) ? sensitiveHostPath(path.value) : undefined;
      if (!writable && !where) continue;
      const at = path ?? write!;
      const shown = path && !hasTemplate(path.value) ? ` ${path.value.trim()}` : '';
      const name = `sharedFolder${n}`;
      out.push({
        start: at.start,
        end: at.end,
        locator: name.toLowerCase(),
        severity: where && writable ? 'high' : 'medium',
        message: where
          ? `${name} shares the host's ${where}${shown} with the guest${writable ? ', writable' : ' (read-only)'}: the guest reads${writable ? ' and changes' : ''} the host user's files.`
          : `${name} shares the host folder${shown} with the guest, writable: the guest can plant or change files the host user opens.`,
        fixes: where
          ? [{ title: `Disable ${name} (guarded: the guest loses this shared folder)`, safety: 'guarded', edits: ensureValue(s, `${name}.enabled`, 'FALSE') }]
          : [{ title: `Make ${name} read-only (guarded: the guest can no longer write to it)`, safety: 'guarded', edits: s.setValue(write!, 'FALSE') }],
      });
    }
    return out;
  },
};

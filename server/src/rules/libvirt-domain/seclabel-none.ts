import type { FindingDraft, Rule, TextEdit } from '../../engine/types';
import { xmlPath, type LibvirtXmlModel } from '../../formats/libvirt-xml/model';
import { attr, childrenNamed, type XmlElement } from '../../formats/libvirt-xml/scanner';
import { LIBVIRT_DOMAIN } from '../libvirt-refs';
import { doc } from '../refs';
import { startTagSpan } from './xml';

/** Delete an element; when it stands alone on its lines, the whole lines go with it. */
export function removeElement(text: string, el: XmlElement): TextEdit {
  let start = el.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = el.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  const ownLine = (start === 0 || text[start - 1] === '\n' || text[start - 1] === '\r') && (end === text.length || text[end] === '\n' || text[end] === '\r');
  if (!ownLine) return { start: el.start, end: el.end, newText: '' };
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { start, end, newText: '' };
}

export const domSeclabelNone: Rule<LibvirtXmlModel> = {
  meta: {
    id: 'DOM-SECLABEL-NONE',
    title: 'Guest runs without sVirt confinement (<seclabel type=\'none\'/>)',
    family: 'guest-isolation',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['libvirt-domain'],
    risk: 'libvirt confines each QEMU process with a per-guest SELinux label or AppArmor profile (sVirt), so a guest that escapes QEMU can reach only its own disks. `<seclabel type=\'none\'/>` turns that off for this guest: an escape then reaches every image, device and file the QEMU account can open, including the other guests\' disks.',
    remedy: 'Remove the `<seclabel type=\'none\'/>` element (the host\'s security driver then confines the guest with a dynamic label) or use `type=\'dynamic\'`. Fix the labelling problem that made someone turn confinement off (shared images need a shared label; NFS needs `virt_use_nfs`).',
    notes: 'Reports a domain-level `<seclabel type=\'none\'>` for every model except `dac` (which only stops libvirt from changing image ownership and confines nothing either way); `model=\'none\'` is what libvirt writes on hosts without a security driver and is reported too. Device-level `<seclabel relabel=\'no\'/>` is not reported. The host-wide equivalent is QEMU-SECDRIVER-NONE.',
    references: [LIBVIRT_DOMAIN, doc('Red Hat Enterprise Linux 7 Virtualization Deployment and Administration Guide', '23.20 Security Label (\'none\': confinement is disabled)', 'https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/7/html/virtualization_deployment_and_administration_guide/sect-manipulating_the_domain_xml-security_label')],
  },
  check(m) {
    if (m.kind !== 'domain') return [];
    const out: FindingDraft[] = [];
    for (const sl of childrenNamed(m.root, 'seclabel')) {
      if (attr(sl, 'type')?.value !== 'none') continue;
      const model = attr(sl, 'model')?.value;
      if (model === 'dac') continue;
      const driver = model === 'selinux' ? 'SELinux' : model === 'apparmor' ? 'AppArmor' : 'SELinux/AppArmor';
      out.push({
        ...startTagSpan(sl),
        locator: `${xmlPath(sl)}[type=none]`,
        message: `<seclabel type='none'${model ? ` model='${model}'` : ''}/> runs ${m.name ? `guest ${m.name}` : 'this guest'} without ${driver} confinement: ${m.type === 'lxc' ? 'an escape from the container' : 'a QEMU escape'} reaches every other guest's disks.`,
        fixes: [{ title: 'Remove the <seclabel type=\'none\'/> so the host\'s security driver confines this guest (guarded: libvirt relabels its disk images; images shared with other guests need a shared label)', safety: 'guarded', edits: [removeElement(m.text, sl)] }],
      });
    }
    return out;
  },
};

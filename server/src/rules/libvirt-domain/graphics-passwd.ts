import { REDACTED } from '../../engine/redacted';
import type { Rule } from '../../engine/types';
import { xmlPath, type LibvirtXmlModel } from '../../formats/libvirt-xml/model';
import { attr } from '../../formats/libvirt-xml/scanner';
import { LIBVIRT_DOMAIN, LIBVIRT_QEMU } from '../libvirt-refs';
import { attrSpan } from './xml';

export const domGraphicsPasswd: Rule<LibvirtXmlModel> = {
  meta: {
    id: 'DOM-GRAPHICS-PASSWD',
    title: 'Console password written in the domain XML',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['libvirt-domain'],
    risk: 'A passwd attribute on `<graphics>` stores the console password in cleartext in a file that is committed, copied into templates and shown by virsh dumpxml --security-info. VNC uses only the first 8 characters, and the VNC password exchange is weak; anyone who reads the repository can open the console.',
    remedy: 'Keep the password out of version control: set it at deploy time (virsh domdisplay/domain-update from a secret store, or qemu.conf vnc_password managed as a secret) and prefer TLS with client certificates or SASL over VNC passwords. Rotate a password that was committed.',
    notes: 'Reports any non-empty passwd on a `<graphics>` element; the password itself is never printed. In a snapshot written by `vharden collect` the value is the marker `vharden:redacted`: the password is set on the host (in its domain definition), and the snapshot holds no copy of it. No fix: where the secret belongs is a deployment decision.',
    references: [LIBVIRT_DOMAIN, LIBVIRT_QEMU],
  },
  check(m) {
    if (m.kind !== 'domain') return [];
    const out = [];
    for (const g of m.graphics) {
      const p = attr(g, 'passwd');
      if (!p || p.value === '') continue;
      const type = (attr(g, 'type')?.value ?? 'graphics').toUpperCase();
      const message =
        p.value === REDACTED
          ? `A ${type} console password is set: the host keeps it in cleartext in the domain definition (this snapshot holds no copy of it).`
          : `The ${type} console password is stored in cleartext in this file${type === 'VNC' && p.value.length > 8 ? ' (VNC uses only its first 8 characters)' : ''}.`;
      out.push({ ...attrSpan(p), locator: `${xmlPath(g)}/@passwd`, message });
    }
    return out;
  },
};

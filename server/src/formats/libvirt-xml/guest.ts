import type { GuestOsId } from '../common/guest-os';
import type { LibvirtXmlModel } from './model';
import { attr, child, type XmlElement } from './scanner';

/** `libosinfo:libosinfo` and `libosinfo:os`, whatever prefix the document binds the libosinfo namespace to. */
function named(el: XmlElement | undefined, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === local || c.name.endsWith(`:${local}`));
}

/** The libosinfo id virt-install and virt-manager record in `<metadata>` (`<libosinfo:os id="http://microsoft.com/win/7"/>`). */
export function libvirtGuestOs(m: LibvirtXmlModel): GuestOsId[] {
  if (m.kind !== 'domain') return [];
  const os = named(named(child(m.root, 'metadata'), 'libosinfo'), 'os');
  const id = attr(os, 'id');
  if (!os || !id || id.templated || !id.value.trim()) return [];
  return [{ scheme: 'libosinfo', id: id.value.trim(), start: id.valueStart, end: id.valueEnd, label: `<libosinfo:os id="${id.value.trim()}">`, locator: 'metadata/libosinfo/os/@id', vm: m.name }];
}

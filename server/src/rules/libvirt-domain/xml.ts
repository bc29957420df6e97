import type { XmlAttr, XmlElement } from '../../formats/libvirt-xml/scanner';

/** Helpers shared by the libvirt XML rules. */

/** The range of an attribute, `name='value'` including the closing quote. */
export function attrSpan(a: XmlAttr): { start: number; end: number } {
  return { start: a.nameStart, end: a.end };
}

/** The range of an element's start tag. */
export function startTagSpan(el: XmlElement): { start: number; end: number } {
  return { start: el.start, end: el.openEnd };
}

/** Addresses that mean "every interface" (an empty string is not one here: libvirt treats it as unset). */
export function isAnyAddress(v: string): boolean {
  const h = v.trim().replace(/^\[|\]$/g, '');
  return h === '0.0.0.0' || h === '::' || h === '0:0:0:0:0:0:0:0' || h === '*';
}

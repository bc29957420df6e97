import type { ParsedDocument } from '../../engine/types';
import { attr, child, childrenNamed, scanXml, type XmlAttr, type XmlDocument, type XmlElement } from './scanner';

/**
 * Models of libvirt XML documents, built on the tolerant scanner. Every element and attribute
 * keeps its exact range, so rules report on the offending attribute and fixes edit only its value.
 *
 * These models are the contract for cross-file reasoning (switch/mirror models): a network's
 * name, bridge, forward mode and `<virtualport type>`, and a domain's name and interfaces.
 */

export interface LibvirtXmlBase {
  text: string;
  xml: XmlDocument;
  root: XmlElement | undefined;
}

export interface DomainInterface {
  element: XmlElement;
  /** 0-based position among the domain's `<interface>` elements */
  index: number;
  /** stable locator: `interface[<mac>]` when a MAC is given, else `interface#<index>` */
  locator: string;
  /** `<interface type>`: network, bridge, direct, ethernet, user, hostdev, vhostuser, … */
  type: string | undefined;
  /** `<source network>` (type network) */
  sourceNetwork: string | undefined;
  /** `<source portgroup>` (type network) */
  sourcePortgroup: string | undefined;
  /** `<source bridge>` (type bridge) */
  sourceBridge: string | undefined;
  /** `<source dev>` (type direct: the host NIC of the macvtap) */
  sourceDev: string | undefined;
  /** `<target dev>`: the host-side tap device name, when fixed */
  targetDev: string | undefined;
  mac: string | undefined;
  /** `<virtualport type>`: openvswitch, 802.1Qbg, 802.1Qbh, midonet; undefined without `<virtualport>` */
  virtualportType: string | undefined;
  /** true when a `<virtualport>` element is present (with or without a type) */
  hasVirtualport: boolean;
  /** `<filterref filter>` */
  filterref: string | undefined;
  /** `<port isolated='yes'/>` */
  portIsolated: boolean;
  trustGuestRxFilters: XmlAttr | undefined;
}

export interface DomainModel extends LibvirtXmlBase {
  kind: 'domain';
  /** `<domain type>`: kvm, qemu, xen, lxc, … */
  type: string | undefined;
  /** `<name>` text */
  name: string | undefined;
  devices: XmlElement | undefined;
  interfaces: DomainInterface[];
  /** `<graphics>` elements under `<devices>` */
  graphics: XmlElement[];
  /** `<serial>`, `<console>`, `<channel>` and `<parallel>` elements under `<devices>` */
  chardevs: XmlElement[];
  /** `<hostdev>` elements under `<devices>` */
  hostdevs: XmlElement[];
}

export interface NetworkPortgroup {
  element: XmlElement;
  name: string | undefined;
  virtualportType: string | undefined;
  trustGuestRxFilters: XmlAttr | undefined;
}

export interface NetworkModel extends LibvirtXmlBase {
  kind: 'network';
  name: string | undefined;
  /** `<bridge name>`: the host bridge libvirt creates or (forward mode bridge) attaches to */
  bridgeName: string | undefined;
  /**
   * `<forward mode>`; 'nat' when `<forward>` has no mode (libvirt's default), undefined when
   * there is no `<forward>` (an isolated network)
   */
  forwardMode: string | undefined;
  /** `<virtualport type>` of the network (openvswitch for OVS-backed networks) */
  virtualportType: string | undefined;
  trustGuestRxFilters: XmlAttr | undefined;
  portgroups: NetworkPortgroup[];
}

export interface OtherLibvirtModel extends LibvirtXmlBase {
  kind: 'other';
}

export type LibvirtXmlModel = DomainModel | NetworkModel | OtherLibvirtModel;

export function trimmedText(el: XmlElement | undefined): string | undefined {
  const t = el?.text.trim();
  return t ? t : undefined;
}

export function buildModel(text: string): LibvirtXmlModel {
  const xml = scanXml(text);
  const root = xml.root;
  const base = { text, xml, root };
  if (root?.name === 'domain') return domainModel(base, root);
  if (root?.name === 'network') return networkModel(base, root);
  return { ...base, kind: 'other' };
}

function domainModel(base: LibvirtXmlBase, root: XmlElement): DomainModel {
  const devices = child(root, 'devices');
  const devs = devices?.children ?? [];
  const interfaces = devs.filter((e) => e.name === 'interface').map((el, index) => domainInterface(el, index));
  return {
    ...base,
    kind: 'domain',
    type: attr(root, 'type')?.value,
    name: trimmedText(child(root, 'name')),
    devices,
    interfaces,
    graphics: devs.filter((e) => e.name === 'graphics'),
    chardevs: devs.filter((e) => e.name === 'serial' || e.name === 'console' || e.name === 'channel' || e.name === 'parallel'),
    hostdevs: devs.filter((e) => e.name === 'hostdev'),
  };
}

function domainInterface(el: XmlElement, index: number): DomainInterface {
  const source = child(el, 'source');
  const mac = attr(child(el, 'mac'), 'address')?.value;
  const virtualport = child(el, 'virtualport');
  return {
    element: el,
    index,
    locator: mac ? `interface[${mac.toLowerCase()}]` : `interface#${index}`,
    type: attr(el, 'type')?.value,
    sourceNetwork: attr(source, 'network')?.value,
    sourcePortgroup: attr(source, 'portgroup')?.value,
    sourceBridge: attr(source, 'bridge')?.value,
    sourceDev: attr(source, 'dev')?.value,
    targetDev: attr(child(el, 'target'), 'dev')?.value,
    mac,
    virtualportType: attr(virtualport, 'type')?.value,
    hasVirtualport: virtualport !== undefined,
    filterref: attr(child(el, 'filterref'), 'filter')?.value,
    portIsolated: attr(child(el, 'port'), 'isolated')?.value === 'yes',
    trustGuestRxFilters: attr(el, 'trustGuestRxFilters'),
  };
}

function networkModel(base: LibvirtXmlBase, root: XmlElement): NetworkModel {
  const forward = child(root, 'forward');
  return {
    ...base,
    kind: 'network',
    name: trimmedText(child(root, 'name')),
    bridgeName: attr(child(root, 'bridge'), 'name')?.value,
    forwardMode: forward ? (attr(forward, 'mode')?.value ?? 'nat') : undefined,
    virtualportType: attr(child(root, 'virtualport'), 'type')?.value,
    trustGuestRxFilters: attr(root, 'trustGuestRxFilters'),
    portgroups: childrenNamed(root, 'portgroup').map((pg) => ({
      element: pg,
      name: attr(pg, 'name')?.value,
      virtualportType: attr(child(pg, 'virtualport'), 'type')?.value,
      trustGuestRxFilters: attr(pg, 'trustGuestRxFilters'),
    })),
  };
}

/** Parse for a given format id; a root that does not fit the format gets a diagnostic. */
export function parseLibvirtXml(text: string, format: string, expectedRoot?: string): ParsedDocument<LibvirtXmlModel> {
  const model = buildModel(text);
  const diagnostics = [...model.xml.diagnostics];
  const root = model.root;
  if (expectedRoot && root && root.name !== expectedRoot) {
    diagnostics.push({
      code: 'VH-PARSE-ERROR',
      start: root.nameStart,
      end: root.nameEnd,
      severity: 'low',
      message: `Expected a <${expectedRoot}> document here, found <${root.name}>; the ${expectedRoot} checks do not run on it.`,
      locator: 'root',
    });
  }
  return { format, model, comments: model.xml.comments, diagnostics };
}

/** An XML path for locators: `/domain/devices/graphics[2]` (1-based among same-named siblings). */
export function xmlPath(el: XmlElement): string {
  const parts: string[] = [];
  for (let e: XmlElement | undefined = el; e; e = e.parent) {
    const [n, of] = siblingPlace(e);
    parts.push(of > 1 ? `${e.name}[${n}]` : e.name);
  }
  return '/' + parts.reverse().join('/');
}

/** Each element's 1-based place among its same-named siblings, and how many there are: worked out once per parent. */
const places = new WeakMap<XmlElement, Map<XmlElement, [number, number]>>();

function siblingPlace(e: XmlElement): [number, number] {
  const parent = e.parent;
  if (!parent) return [1, 1];
  let map = places.get(parent);
  if (!map) {
    const count = new Map<string, number>();
    for (const c of parent.children) count.set(c.name, (count.get(c.name) ?? 0) + 1);
    const seen = new Map<string, number>();
    map = new Map();
    for (const c of parent.children) {
      const n = (seen.get(c.name) ?? 0) + 1;
      seen.set(c.name, n);
      map.set(c, [n, count.get(c.name)!]);
    }
    places.set(parent, map);
  }
  return map.get(e) ?? [1, 1];
}

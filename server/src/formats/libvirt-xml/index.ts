import { firstLine } from '../../engine/sniff';
import type { Format } from '../../engine/types';
import { TemplateSpans } from '../common/template';
import { libvirtContext } from './context';
import { libvirtFabric } from './fabric';
import { GUEST_OS } from '../common/guest-os';
import { libvirtGuestOs } from './guest';
import { parseLibvirtXml, type LibvirtXmlModel } from './model';

/**
 * libvirt XML: domains, networks, and the other libvirt document types (nwfilter, storage pools
 * and volumes, node devices, snapshots, secrets, host interfaces, capabilities). The other types
 * get their own format (`libvirt-other`, no rules) so they are recognised — parse problems and
 * suppressions work — but never read as domains. All use VS Code's built-in `xml` language.
 */

const DOMAIN_PATH = /(^|\/)etc\/libvirt\/(qemu|lxc|libxl|bhyve|ch)\/(autostart\/)?[^/]+\.xml$/i;
const NETWORK_PATH = /(^|\/)etc\/libvirt\/qemu\/networks\/(autostart\/)?[^/]+\.xml$/i;
const OTHER_PATH = /(^|\/)etc\/libvirt\/(nwfilter|storage|secrets|nodedev|qemu\/snapshot|qemu\/checkpoint)\/.*\.xml$/i;

const OTHER_ROOTS = new Set([
  'filter', 'filterbinding', 'pool', 'volume', 'capabilities', 'domainCapabilities', 'storagepoolCapabilities',
  'domainsnapshot', 'domaincheckpoint', 'domainbackup', 'secret', 'interface', 'device', 'networkport',
]);

const LOOK = 65536;

/**
 * The root start tag after the prolog (XML declaration, comments, processing instructions,
 * DOCTYPE, and template code such as `{% set … %}` or `<%# … %>` in templates), within the first
 * 64 KiB; undefined when there is none. A linear scan, no regex over the whole text.
 */
export function rootTag(text: string): { name: string; tag: string } | undefined {
  // detection asks for the same text's root up to four times (three formats and a confirmation)
  if (text === last.text) return last.root;
  const root = findRootTag(text);
  last = { text, root };
  return root;
}

let last: { text?: string; root?: { name: string; tag: string } } = {};

function findRootTag(text: string): { name: string; tag: string } | undefined {
  const end = Math.min(text.length, LOOK);
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const templates = new TemplateSpans(text);
  while (i < end) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const tag = templates.endOf(i);
    if (tag !== undefined) {
      i = tag;
      continue;
    }
    if (c !== '<') return undefined;
    if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close < 0 || close > end) return undefined;
      i = close + 3;
    } else if (text.startsWith('<?', i)) {
      const close = text.indexOf('?>', i + 2);
      if (close < 0 || close > end) return undefined;
      i = close + 2;
    } else if (text.startsWith('<!', i)) {
      let depth = 0;
      let p = i + 2;
      while (p < end && !(text[p] === '>' && depth === 0)) {
        if (text[p] === '[') depth++;
        else if (text[p] === ']') depth--;
        p++;
      }
      i = p + 1;
    } else {
      let p = i + 1;
      while (p < end && !/[\s/>]/.test(text[p]!)) p++;
      const name = text.slice(i + 1, p);
      const close = text.indexOf('>', p);
      const tagEnd = close < 0 || close > end ? end : close + 1;
      return name ? { name, tag: text.slice(i, tagEnd) } : undefined;
    }
  }
  return undefined;
}

/**
 * A file a libvirt path assigns to a format is confirmed when its root element is one of `names`:
 * a `<network>` saved under /etc/libvirt/qemu/ is a network. Text that is not XML contradicts; a
 * root start tag still being typed (`<dom`) does not.
 */
function rootIsOneOf(text: string, names: (name: string) => boolean): boolean {
  const first = firstLine(text);
  if (first === '') return true;
  if (!first.startsWith('<')) return false;
  const r = rootTag(text);
  return !r || !r.tag.endsWith('>') || names(r.name);
}

/** libvirt documents never declare a default namespace on the root (they may use prefixed ones). */
function hasDefaultNamespace(tag: string): boolean {
  return /\sxmlns\s*=/.test(tag);
}

export const libvirtDomainFormat: Format<LibvirtXmlModel> = {
  id: 'libvirt-domain',
  name: 'libvirt domain XML',
  languageId: 'xml',
  comment: { open: '<!--', close: '-->' },
  matchesPath: (path) => DOMAIN_PATH.test(path),
  matchesContent: (text) => {
    const r = rootTag(text);
    return !!r && r.name === 'domain' && !hasDefaultNamespace(r.tag) && (/\stype\s*=/.test(r.tag) || text.slice(0, LOOK).includes('<devices'));
  },
  confirms: (text) => rootIsOneOf(text, (n) => n === 'domain'),
  parse: (text) => parseLibvirtXml(text, 'libvirt-domain', 'domain'),
  provides: [GUEST_OS],
  carriers: (model) => ({ [GUEST_OS]: libvirtGuestOs(model) }),
  fabric: (model) => libvirtFabric(model),
  context: (model, ctx) => libvirtContext(model, ctx.path),
};

export const libvirtNetworkFormat: Format<LibvirtXmlModel> = {
  id: 'libvirt-network',
  name: 'libvirt network XML',
  languageId: 'xml',
  comment: { open: '<!--', close: '-->' },
  matchesPath: (path) => NETWORK_PATH.test(path),
  matchesContent: (text) => {
    const r = rootTag(text);
    return !!r && r.name === 'network' && !hasDefaultNamespace(r.tag);
  },
  confirms: (text) => rootIsOneOf(text, (n) => n === 'network'),
  parse: (text) => parseLibvirtXml(text, 'libvirt-network', 'network'),
  fabric: (model) => libvirtFabric(model),
  context: (model, ctx) => libvirtContext(model, ctx.path),
};

export const libvirtOtherFormat: Format<LibvirtXmlModel> = {
  id: 'libvirt-other',
  name: 'libvirt XML (nwfilter, storage, node device, snapshot, secret, …)',
  languageId: 'xml',
  comment: { open: '<!--', close: '-->' },
  matchesPath: (path) => OTHER_PATH.test(path),
  matchesContent: (text) => {
    const r = rootTag(text);
    return !!r && OTHER_ROOTS.has(r.name) && !hasDefaultNamespace(r.tag);
  },
  confirms: (text) => rootIsOneOf(text, (n) => OTHER_ROOTS.has(n)),
  parse: (text) => parseLibvirtXml(text, 'libvirt-other'),
};

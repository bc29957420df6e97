import { tapsAreGuests, type FabricFacts, type SnippetSite } from '../../engine/fabric';
import { detectEol } from '../../engine/text';
import type { Format } from '../../engine/types';
import { hasTemplate } from '../common/template';
import { interpretCommands, NetFacts } from '../ovs/commands';
import { scanShell, type ShellCommand } from '../ovs/shell';
import { parseInterfaces, splitWords, type InterfacesModel, type Stanza } from './parser';

const HOOKS = new Set(['pre-up', 'up', 'post-up', 'down', 'pre-down', 'post-down']);

/** Role of an OVS port stanza by its `ovs_type`. */
function ovsRole(type: string | undefined): 'uplink' | 'internal' | 'other' | undefined {
  switch (type?.toLowerCase()) {
    case 'ovsbond':
      return 'uplink';
    case 'ovsintport':
      return 'internal';
    case 'ovspatchport':
    case 'ovstunnel':
      return 'other';
    default:
      return undefined;
  }
}

function option(s: Stanza, name: string): Stanza['options'][number] | undefined {
  return s.options.find((o) => o.name === name);
}

/** Switches (Linux and OVS bridges), their ports and the mirrors that hooks and `ovs_extra` create. */
export function interfacesNet(model: InterfacesModel, text: string): NetFacts {
  const net = new NetFacts();
  net.plainTapsAreGuests = tapsAreGuests(text);
  const eol = detectEol(text);
  const site = (s: Stanza, style: SnippetSite['style']): SnippetSite => {
    const first = s.options[0];
    const indent = first ? /^[ \t]*/.exec(text.slice(model.index.lineStart(first.line), first.keyStart))![0] : '    ';
    return { at: model.index.lineEnd(s.lastLine), indent: indent || '', eol, style };
  };
  // a templated interface name (`iface {{ br.name }}`) or port list is unknown: no switch, no ports
  const ifaces = model.stanzas.filter((s) => s.keyword === 'iface' && s.names[0] && !hasTemplate(s.names[0].value));
  for (const s of ifaces) {
    const name = s.names[0]!;
    const type = option(s, 'ovs-type')?.value.trim().toLowerCase();
    const brPorts = option(s, 'bridge-ports');
    if (type === 'ovsbridge') {
      net.addSwitch({ kind: 'ovs-bridge', namespace: 'netdev', name: name.value, start: name.start, end: name.end, locator: `ovs-bridge:${name.value}`, snippet: site(s, 'ifupdown-ovs') });
      const ports = option(s, 'ovs-ports');
      if (ports && !hasTemplate(ports.value)) for (const w of splitWords(text, ports.valueStart, ports.valueEnd)) if (!w.value.includes('$')) net.addPort(name.value, w);
    } else if (brPorts && !type) {
      net.addSwitch({ kind: 'linux-bridge', namespace: 'netdev', name: name.value, start: name.start, end: name.end, locator: `linux-bridge:${name.value}`, snippet: site(s, 'ifupdown-linux') });
      for (const w of hasTemplate(brPorts.value) ? [] : splitWords(text, brPorts.valueStart, brPorts.valueEnd)) {
        if (w.value === 'none' || /[*$]/.test(w.value) || w.value === 'regex' || w.value === 'all') continue;
        net.addPort(name.value, w);
      }
    }
  }
  // OVS port stanzas name their bridge; they override roles guessed from `ovs_ports`
  for (const s of ifaces) {
    const name = s.names[0]!;
    const bridge = option(s, 'ovs-bridge')?.value.trim();
    const type = option(s, 'ovs-type')?.value.trim();
    if (!bridge || !type || type.toLowerCase() === 'ovsbridge') continue;
    const tag = /(?:^|\s)tag=(\d+)/.exec(option(s, 'ovs-options')?.value ?? '')?.[1];
    const port = net.addPort(bridge, name, ovsRole(type), tag ? Number(tag) : undefined);
    if (type.toLowerCase() === 'ovsbond') port.bond = true;
    const trunks = /(?:^|\s)trunks=\[?([\d,\s-]+)\]?/.exec(option(s, 'ovs-options')?.value ?? '')?.[1];
    if (trunks) port.trunks = trunks.split(',').map((x) => Number(x.trim())).filter((x) => Number.isInteger(x));
  }
  for (const s of ifaces) {
    const iface = s.names[0]!.value;
    const isOvs = !!option(s, 'ovs-type');
    for (const o of s.options) {
      let commands: ShellCommand[];
      if (o.name === 'ovs-extra' && isOvs) {
        const scan = scanShell(text.slice(o.valueStart, o.valueEnd), { IFACE: iface }, o.valueStart);
        const words = scan.commands.flatMap((c) => c.words);
        if (words.length === 0) continue;
        const at = { value: 'ovs-vsctl', start: o.keyStart, end: o.keyEnd, dynamic: false };
        commands = [{ words: [at, { ...at, value: '--' }, ...words] }];
      } else if (HOOKS.has(o.name)) commands = scanShell(text.slice(o.valueStart, o.valueEnd), { IFACE: iface }, o.valueStart).commands;
      else continue;
      interpretCommands(commands, { facts: net, snippet: () => site(s, 'ifupdown-ovs') });
    }
  }
  return net;
}

const STANZA_KEYWORDS = new Set(['auto', 'source', 'source-directory', 'source-dir', 'rename', 'no-auto-down', 'no-scripts']);

const IFACE_LINE = /^iface\s+\S.*\s(inet6?|ipx|can|link)(\s|$)/i;
const OPTION_WORD = /^([A-Za-z][\w.-]*|\{\{)/;

/**
 * interfaces(5) by content, whatever the file is called (a `proxmox/interfaces` copy, an
 * `interfaces.d` fragment, a Jinja `.j2` template): at least one `iface NAME FAMILY METHOD`
 * stanza, and every other line a stanza keyword, an option of the stanza above it, a comment or
 * a whole-line Jinja statement. A script that writes such a file (`cat > … <<EOF`) has lines
 * before its first stanza that are none of these, so it stays a script.
 */
export function looksLikeInterfaces(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  if (!/^[ \t]*iface\s/m.test(head)) return false;
  let ifaces = 0;
  let inStanza = false;
  for (const raw of head.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^\{[%#].*[%#]\}$/.test(line)) continue;
    const kw = /^\S+/.exec(line)![0].toLowerCase();
    if (kw === 'iface' || kw === 'mapping') {
      if (kw === 'iface' && !IFACE_LINE.test(line)) return false;
      if (kw === 'iface') ifaces++;
      inStanza = true;
    } else if (STANZA_KEYWORDS.has(kw) || kw.startsWith('allow-')) inStanza = false;
    else if (!inStanza || !OPTION_WORD.test(line)) return false;
  }
  return ifaces > 0;
}

export const interfacesFormat: Format<InterfacesModel> = {
  id: 'interfaces',
  name: 'Debian /etc/network/interfaces',
  languageId: 'debian-interfaces',
  comment: { line: '#' },
  matchesPath: (path) => /(^|\/)network\/interfaces(\.d\/[^/]+)?$/.test(path) || /\.interfaces$/i.test(path),
  matchesContent: (text) => looksLikeInterfaces(text),
  parse: (text) => {
    const parsed = parseInterfaces(text);
    parsed.model.net = interfacesNet(parsed.model, text);
    return parsed;
  },
  fabric: (model, ctx): FabricFacts => (model.net ?? interfacesNet(model, ctx.text)).facts(),
};

import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { guestOfDevice, isPlainTap, type FabricFacts, type PortRole } from '../../engine/fabric';
import { firstLine } from '../../engine/sniff';
import { LineIndex, detectEol, withoutStacks } from '../../engine/text';
import type { Comment, Format, ParsedDocument, ToolDiagnostic } from '../../engine/types';

const MAX_ERRORS = 20;

export interface NetplanModel {
  facts: FabricFacts;
}

/** `#` comments of a YAML text (outside quoted scalars), for suppressions. */
export function yamlComments(text: string): Comment[] {
  const out: Comment[] = [];
  const index = new LineIndex(text);
  for (let line = 0; line < index.lineCount; line++) {
    const ls = index.lineStart(line);
    const le = index.lineEnd(line);
    let quote = '';
    for (let i = ls; i < le; i++) {
      const c = text[i]!;
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") {
        if (i === ls || /[\s:\[{,-]/.test(text[i - 1]!)) quote = c;
      } else if (c === '#' && (i === ls || /\s/.test(text[i - 1]!))) {
        out.push({ start: i, end: le, text: text.slice(i + 1, le), trailing: text.slice(ls, i).trim() !== '' });
        break;
      }
    }
  }
  return out;
}

function pairs(node: unknown): Pair<Node, Node>[] {
  return isMap(node) ? ((node as YAMLMap<Node, Node>).items as Pair<Node, Node>[]) : [];
}

function get(node: unknown, key: string): Node | undefined {
  const p = pairs(node).find((x) => isScalar(x.key) && String(x.key.value) === key);
  return p?.value ?? undefined;
}

/** Bridges (OVS when they have an `openvswitch` key), the interfaces they enslave, and VLANs on OVS bridges. */
export function parseNetplan(text: string): ParsedDocument<NetplanModel> {
  const doc = withoutStacks(() => parseDocument(text, { uniqueKeys: false, prettyErrors: false }));
  // the first few errors say where the file breaks; thousands more (hostile input) say nothing new
  const diagnostics: ToolDiagnostic[] = doc.errors.slice(0, MAX_ERRORS).map((e) => ({
    code: 'VH-PARSE-ERROR',
    start: Math.min(e.pos[0], text.length),
    end: Math.min(Math.max(e.pos[0], e.pos[1]), text.length),
    severity: 'low' as const,
    message: `YAML: ${e.message.split('\n')[0]}`,
    locator: `yaml:${e.code}`,
  }));
  const facts: FabricFacts = { switches: [], ports: [], mirrors: [] };
  const index = new LineIndex(text);
  const eol = detectEol(text);
  const network = get(doc.contents, 'network');
  for (const p of pairs(get(network, 'bridges'))) {
    if (!isScalar(p.key) || !p.key.range) continue;
    const name = String(p.key.value);
    const [start, end] = p.key.range;
    const ovs = get(p.value, 'openvswitch') !== undefined;
    const children = pairs(p.value);
    const firstChild = children[0]?.key as Node | undefined;
    const indentAt = firstChild?.range ? firstChild.range[0] : undefined;
    const line = index.position(start).line;
    facts.switches.push({
      kind: ovs ? 'ovs-bridge' : 'linux-bridge',
      namespace: 'netdev',
      name,
      start,
      end,
      locator: `${ovs ? 'ovs' : 'linux'}-bridge:${name}`,
      snippet: isMap(p.value) && !(p.value as YAMLMap).flow && indentAt !== undefined
        ? { at: index.lineEnd(line), indent: ' '.repeat(index.position(indentAt).character), eol, style: 'netplan' }
        : undefined,
    });
    const ifaces = get(p.value, 'interfaces');
    if (isSeq(ifaces)) {
      for (const item of ifaces.items) {
        if (!isScalar(item) || !item.range) continue;
        const port = String(item.value);
        const role: PortRole = guestOfDevice(port) ? 'guest' : isPlainTap(port) ? 'other' : 'uplink';
        facts.ports.push({ start: item.range[0], end: item.range[1], switch: name, namespace: 'netdev', name: port, role, guest: role === 'guest' ? guestOfDevice(port) : undefined, locator: `port:${name}/${port}` });
      }
    }
  }
  return { format: 'netplan', model: { facts }, comments: yamlComments(text), diagnostics };
}

const NETPLAN_SECTIONS = /^network:[ \t]*\r?\n(?:[ \t]*(?:#.*)?\r?\n)*[ \t]+(ethernets|bridges|bonds|vlans|wifis|openvswitch|vrfs|tunnels|modems|nm-devices|dummy-devices|virtual-ethernets|renderer):/m;

export const netplanFormat: Format<NetplanModel> = {
  id: 'netplan',
  name: 'netplan',
  languageId: 'yaml',
  comment: { line: '#' },
  matchesPath: (path) => /(^|\/)etc\/netplan\/[^/]+\.ya?ml$/i.test(path),
  matchesContent: (text, path) => {
    if (!/\.ya?ml$/i.test(path)) return false;
    const head = text.slice(0, 64 * 1024);
    if (!/^network:[ \t]*(#.*)?\r?$/m.test(head)) return false;
    // `version: 2`, or (in snippets that leave it out) netplan's own device sections under `network:`
    return /^[ \t]+version:[ \t]*["']?2["']?[ \t]*(#.*)?\r?$/m.test(head) || NETPLAN_SECTIONS.test(head);
  },
  confirms: (text) => firstLine(text, '#') === '' || /^network:/m.test(text.slice(0, 64 * 1024)),
  parse: (text) => parseNetplan(text),
  fabric: (model) => model.facts,
};

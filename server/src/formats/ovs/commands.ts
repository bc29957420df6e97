import { guestOfDevice, roleOfDevice, type FabricFacts, type MirrorFact, type PortFact, type SnippetSite, type Span, type SwitchFact } from '../../engine/fabric';
import { programOf, type ShellCommand, type Word } from './shell';

/** Something a script does that suggests a temporary or debugging mirror (OVS-MIR-ADHOC). */
export interface AdhocEvent extends Span {
  kind: 'clear-mirrors' | 'ovs-tcpdump' | 'destroy-mirror';
  bridge?: string;
  locator: string;
}

/** An OpenFlow controller target set on a bridge (`set-controller br0 tcp:10.0.0.5:6653`). */
export interface ControllerFact extends Span {
  /** bridge it controls; undefined when the controller row is not attached in this file */
  bridge?: string;
  /** the target as written (`tcp:10.0.0.5:6653`, `ptcp:6653`, `ssl:…`) */
  target: string;
  /** the range can be edited in place (a script word, not a database record) */
  editable: boolean;
  locator: string;
}

/**
 * Facts of one file, built command by command in file order: `del-br` and `del-port` undo
 * earlier definitions of the same file. Switches and ports are kept by name (in the order they were
 * last defined), so a script of 20,000 bridges costs no more per command than one of two.
 */
export class NetFacts {
  private readonly switchByKey = new Map<string, SwitchFact>();
  /** netdev ports by name (a port name is unique on a host) */
  private readonly portByName = new Map<string, PortFact>();
  /** switch name → names of its ports */
  private readonly portsOf = new Map<string, Set<string>>();
  readonly mirrors: MirrorFact[] = [];
  readonly adhoc: AdhocEvent[] = [];
  readonly controllers: ControllerFact[] = [];
  /** ports whose type is set (`type=vxlan`, `type=patch`): their role comes from the type, not the name */
  readonly typed = new Set<string>();
  /** the file shows that its plain taps (`tap0`) are QEMU guests' NICs */
  plainTapsAreGuests = false;
  /** fake bridges (`add-br B PARENT VLAN`) → parent and VLAN */
  private readonly fake = new Map<string, { parent: string; vlan?: number }>();

  get switches(): SwitchFact[] {
    return [...this.switchByKey.values()];
  }

  get ports(): PortFact[] {
    return [...this.portByName.values()];
  }

  facts(): FabricFacts {
    return { switches: this.switches, ports: this.ports, mirrors: this.mirrors };
  }

  addSwitch(fact: SwitchFact): void {
    const k = `${fact.namespace}\u0000${fact.name}`;
    if (!this.switchByKey.has(k)) this.switchByKey.set(k, fact);
  }

  removeSwitch(name: string): void {
    this.switchByKey.delete(`netdev\u0000${name}`);
    for (const port of this.portsOf.get(name) ?? []) this.portByName.delete(port);
    this.portsOf.delete(name);
  }

  addPort(bridge: string, name: Word | { value: string; start: number; end: number }, role = roleOfDevice(name.value, this.plainTapsAreGuests), tag?: number): PortFact {
    const fake = this.fake.get(bridge);
    const sw = fake ? fake.parent : bridge;
    this.removePort(name.value);
    const port: PortFact = {
      start: name.start,
      end: name.end,
      switch: sw,
      namespace: 'netdev',
      name: name.value,
      role,
      guest: role === 'guest' ? guestOfDevice(name.value) ?? name.value : undefined,
      tag: tag ?? fake?.vlan,
      locator: `port:${sw}/${name.value}`,
    };
    this.portByName.set(port.name, port);
    let names = this.portsOf.get(sw);
    if (!names) this.portsOf.set(sw, (names = new Set()));
    names.add(port.name);
    return port;
  }

  port(name: string): PortFact | undefined {
    return this.portByName.get(name);
  }

  removePort(name: string): void {
    const port = this.portByName.get(name);
    if (!port) return;
    this.portByName.delete(name);
    this.portsOf.get(port.switch)?.delete(name);
  }

  setFake(name: string, parent: string, vlan?: number): void {
    this.fake.set(name, { parent, vlan });
  }

  /** Bridge name after resolving a fake bridge to its parent. */
  bridge(name: string): string {
    return this.fake.get(name)?.parent ?? name;
  }
}

export interface CommandContext {
  facts: NetFacts;
  /** where a mirror snippet for a bridge defined by this command goes */
  snippet(cmd: ShellCommand): SnippetSite | undefined;
  /**
   * A port written as a positional parameter (`add-port br0 $1`): the port and guest it stands
   * for, when the script is known to receive a guest's tap that way (a QEMU ifup script)
   */
  parameterPort?(w: Word): { name: string; guest: string } | undefined;
}

/** The port a word names: its value, or what a positional parameter stands for; undefined when unknown. */
function portWord(w: Word | undefined, ctx: CommandContext): { word: Word; guest?: string } | undefined {
  if (!w) return undefined;
  if (!w.dynamic) return { word: w };
  const p = w.param !== undefined ? ctx.parameterPort?.(w) : undefined;
  return p ? { word: { ...w, value: p.name, dynamic: false }, guest: p.guest } : undefined;
}

function addGuestPort(ctx: CommandContext, bridge: string, port: { word: Word; guest?: string }, role?: PortFact['role']): PortFact {
  const fact = ctx.facts.addPort(bridge, port.word, port.guest ? 'guest' : role);
  if (port.guest) fact.guest = port.guest;
  return fact;
}

const PROGRAMS = new Set(['ovs-vsctl', 'ovs-tcpdump', 'brctl', 'ip', 'tc']);

/** True for the commands interpretCommands reads. */
export function isSwitchCommand(cmd: ShellCommand): boolean {
  const prog = programOf(cmd);
  return !!prog && PROGRAMS.has(prog.name);
}

/** Read the commands of a script (or of ifupdown hook lines) that build switches, ports and mirrors. */
export function interpretCommands(commands: ShellCommand[], ctx: CommandContext): void {
  for (const cmd of commands) {
    const prog = programOf(cmd);
    if (!prog) continue;
    switch (prog.name) {
      case 'ovs-vsctl':
        vsctl(prog.args, cmd, ctx);
        break;
      case 'ovs-tcpdump':
        ctx.facts.adhoc.push({ kind: 'ovs-tcpdump', start: prog.at.start, end: prog.at.end, locator: `ovs-tcpdump:${prog.args.find((a) => !a.value.startsWith('-'))?.value ?? ''}` });
        break;
      case 'brctl':
        brctl(prog.args, cmd, ctx);
        break;
      case 'ip':
        ipLink(prog.args, cmd, ctx);
        break;
      case 'tc':
        tcMirred(prog.args, ctx);
        break;
    }
  }
}

/** ovs-vsctl options written with their value as the next word. */
const SEPARATE_VALUE = new Set(['-t', '--timeout', '--db', '-f', '--format', '-d', '--data', '--columns', '--private-key', '--certificate', '--ca-cert', '-p', '-c', '-C']);

/** Reads `--id=@x` bindings first: ovs-vsctl resolves references across the whole invocation. */
function vsctl(args: Word[], cmd: ShellCommand, ctx: CommandContext): void {
  const segments: Word[][] = [[]];
  for (const a of args) {
    if (a.value === '--') segments.push([]);
    else segments[segments.length - 1]!.push(a);
  }
  const parsed = segments.map((seg) => {
    let i = 0;
    const options: string[] = [];
    while (i < seg.length && seg[i]!.value.startsWith('-') && seg[i]!.value !== '-') {
      const o = seg[i++]!.value;
      options.push(o);
      if (SEPARATE_VALUE.has(o)) i++; // `-t 10`, `--db unix:…`
    }
    return { options, name: seg[i], args: seg.slice(i + 1) };
  });
  const refs = new Map<string, { table: string; record?: string; mirror?: MirrorFact }>();
  for (const p of parsed) {
    const id = p.options.find((o) => o.startsWith('--id='))?.slice(5);
    if (!id || !p.name) continue;
    const verb = p.name.value.toLowerCase();
    if (verb === 'get' && p.args[0] && p.args[1]) refs.set(id, { table: p.args[0].value.toLowerCase(), record: p.args[1].value });
    else if (verb === 'create' && p.args[0]) refs.set(id, { table: p.args[0].value.toLowerCase() });
  }
  const refName = (v: string): string | undefined => (v.startsWith('@') ? refs.get(v)?.record : v);
  const facts = ctx.facts;

  for (const p of parsed) {
    if (!p.name) continue;
    const verb = p.name.value.toLowerCase();
    const a = p.args;
    if (verb === 'add-br' && a[0] && !a[0].dynamic) {
      if (a[1] && a[2]) {
        facts.setFake(a[0].value, a[1].value, toInt(a[2].value));
        continue;
      }
      facts.addSwitch({ kind: 'ovs-bridge', namespace: 'netdev', name: a[0].value, start: a[0].start, end: a[0].end, locator: `ovs-bridge:${a[0].value}`, snippet: ctx.snippet(cmd) });
    } else if (verb === 'del-br' && a[0]) facts.removeSwitch(a[0].value);
    else if ((verb === 'add-port' || verb === 'add-bond') && a[0] && portWord(a[1], ctx)) {
      const port = addGuestPort(ctx, a[0].value, portWord(a[1], ctx)!, verb === 'add-bond' ? 'uplink' : undefined);
      if (verb === 'add-bond') port.bond = true;
      const rest = verb === 'add-bond' ? [] : a.slice(2);
      applyColumns(port, rest.map((w) => w.value), facts.typed);
    } else if (verb === 'del-port' && a.length) facts.removePort(a[a.length - 1]!.value);
    else if (verb === 'set-controller' && a[0]) {
      for (const t of a.slice(1)) facts.controllers.push({ bridge: a[0].value, target: t.value, start: t.start, end: t.end, editable: true, locator: `controller:${a[0].value}/${t.value}` });
    } else if (verb === 'create' && a[0]?.value.toLowerCase() === 'controller') {
      for (const c of a.slice(1)) {
        const [k, v] = splitColumn(c.value);
        if (k !== 'target') continue;
        const target = unquote(v);
        const set = parsed.find((x) => x.name?.value.toLowerCase() === 'set' && x.args[0]?.value.toLowerCase() === 'bridge' && x.args.slice(2).some((w) => splitColumn(w.value)[0] === 'controller'));
        const bridge = set?.args[1] ? facts.bridge(set.args[1].value) : undefined;
        facts.controllers.push({ bridge, target, start: c.start, end: c.end, editable: true, locator: `controller:${bridge ?? ''}/${target}` });
      }
    }
    else if (verb === 'set' || verb === 'add' || verb === 'clear' || verb === 'remove') {
      const table = a[0]?.value.toLowerCase();
      const record = a[1] ? refName(a[1].value) ?? a[1].value : undefined;
      if (!table || !record) continue;
      if ((table === 'port' || table === 'interface') && verb === 'set') {
        const port = facts.port(record);
        if (port) applyColumns(port, a.slice(2).map((w) => w.value), facts.typed);
      } else if (table === 'bridge') {
        const bridge = facts.bridge(record);
        const cols = a.slice(2);
        if (verb === 'clear' && cols.some((c) => c.value.toLowerCase() === 'mirrors')) {
          for (const m of facts.mirrors) if (m.switch === bridge) m.switch = undefined;
          facts.adhoc.push({ kind: 'clear-mirrors', bridge, start: p.name.start, end: cols[cols.length - 1]!.end, locator: `clear-mirrors:${bridge}` });
        } else if (verb === 'set') {
          for (const c of cols) {
            const [k, v] = splitColumn(c.value);
            if (k !== 'mirrors') continue;
            const ids = listOf(v);
            if (ids.length === 0) {
              for (const m of facts.mirrors) if (m.switch === bridge) m.switch = undefined;
              facts.adhoc.push({ kind: 'clear-mirrors', bridge, start: p.name.start, end: c.end, locator: `clear-mirrors:${bridge}` });
            }
            for (const id of ids) attach(refs.get(id)?.mirror, bridge);
          }
        } else if (verb === 'add' && cols[0]?.value.toLowerCase() === 'mirrors') {
          for (const w of cols.slice(1)) for (const id of listOf(w.value)) attach(refs.get(id)?.mirror, bridge);
        }
      }
    } else if (verb === 'create' && a[0]?.value.toLowerCase() === 'mirror') {
      const mirror = createMirror(a.slice(1), refName, p.name, a[a.length - 1]!);
      facts.mirrors.push(mirror);
      const id = p.options.find((o) => o.startsWith('--id='))?.slice(5);
      const ref = id ? refs.get(id) : undefined;
      if (ref) ref.mirror = mirror;
    } else if (verb === 'destroy' && a[0]?.value.toLowerCase() === 'mirror') {
      facts.adhoc.push({ kind: 'destroy-mirror', start: p.name.start, end: a[a.length - 1]!.end, locator: `destroy-mirror:${a[1]?.value ?? ''}` });
    }
  }
  // `set bridge` may come before `create mirror` in the same invocation
  for (const p of parsed) {
    if (p.name?.value.toLowerCase() !== 'set' || p.args[0]?.value.toLowerCase() !== 'bridge' || !p.args[1]) continue;
    const bridge = facts.bridge(refName(p.args[1].value) ?? p.args[1].value);
    for (const c of p.args.slice(2)) {
      const [k, v] = splitColumn(c.value);
      if (k === 'mirrors') for (const id of listOf(v)) attach(refs.get(id)?.mirror, bridge);
    }
  }
}

function attach(mirror: MirrorFact | undefined, bridge: string): void {
  if (!mirror) return;
  mirror.switch = bridge;
  mirror.locator = `mirror:${bridge}/${mirror.name ?? 'unnamed'}`;
}

function createMirror(cols: Word[], refName: (v: string) => string | undefined, from: Word, to: Word): MirrorFact {
  const m: MirrorFact = { start: from.start, end: to.end, namespace: 'netdev', via: 'ovs', selectAll: false, selectPorts: [], selectVlans: [], locator: 'mirror:unattached' };
  for (const c of cols) {
    const [k, v] = splitColumn(c.value);
    if (k === 'name') m.name = unquote(v);
    else if (k === 'select_all') m.selectAll = v.toLowerCase() === 'true';
    else if (k === 'select_src_port' || k === 'select_dst_port') for (const x of listOf(v)) m.selectPorts.push(refName(x) ?? x);
    else if (k === 'select_vlan') for (const x of listOf(v)) for (const n of vlanRange(x)) m.selectVlans.push(n);
    else if (k === 'output_port') {
      const name = listOf(v)[0];
      m.outputPort = name ? refName(name) ?? name : undefined;
      m.destination = m.outputPort ?? name;
    } else if (k === 'output_vlan') {
      m.outputVlan = toInt(v);
      m.destination = `VLAN ${v}`;
    }
  }
  return m;
}

/** Port/Interface columns given as `col=value` or `col:key=value`. */
function applyColumns(port: PortFact, cols: string[], typed?: Set<string>): void {
  for (const c of cols) {
    const [k, v] = splitColumn(c);
    if (k === 'tag') port.tag = toInt(v);
    else if (k === 'trunks') port.trunks = listOf(v).flatMap(vlanRange);
    else if (k === 'type') {
      const t = v.toLowerCase();
      if (t !== '' && t !== 'system' && t !== 'tap') typed?.add(port.name);
      if (t === 'internal') port.role = 'internal';
      else if (t.startsWith('dpdkvhostuser')) {
        port.role = 'guest';
        port.guest ??= port.name;
      } else if (t === 'dpdk' || t === 'afxdp') port.role = 'uplink';
      else if (t === 'patch' || t === 'vxlan' || t === 'gre' || t === 'geneve' || t === 'stt' || t === 'bareudp' || t === 'erspan' || t === 'ip6gre') port.role = 'other';
    } else if (/^external[-_]ids:(iface-id|vm-uuid|vm-id|attached-mac)$/i.test(k) && port.role !== 'internal') {
      // an internal port with an iface-id is the host's own logical port (OVN), not a guest
      port.role = 'guest';
      port.guest ??= port.name;
    }
  }
}

/** `select-src-port=@a,@b` → ['select_src_port', '@a,@b']; column names accept `-` and `_`. */
export function splitColumn(word: string): [string, string] {
  const eq = word.indexOf('=');
  if (eq < 0) return [word.toLowerCase().replace(/-/g, '_'), ''];
  const k = word.slice(0, eq).toLowerCase();
  const colon = k.indexOf(':');
  const col = colon < 0 ? k.replace(/-/g, '_') : k.slice(0, colon).replace(/-/g, '_') + k.slice(colon);
  return [col, word.slice(eq + 1)];
}

/** `[a,b]`, `a,b`, `"a"` → values. */
export function listOf(v: string): string[] {
  return v.replace(/^\[|\]$/g, '').split(',').map((x) => unquote(x.trim())).filter(Boolean);
}

function unquote(v: string): string {
  return v.replace(/^"(.*)"$/, '$1');
}

function toInt(v: string): number | undefined {
  return /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

function vlanRange(v: string): number[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(v.trim());
  if (!m) return [];
  const a = Number(m[1]);
  const b = m[2] ? Math.min(Number(m[2]), a + 4096) : a;
  const out: number[] = [];
  for (let x = a; x <= b; x++) out.push(x);
  return out;
}

function brctl(args: Word[], cmd: ShellCommand, ctx: CommandContext): void {
  const [verb, b, p] = args;
  if (!verb || !b || b.dynamic) return;
  if (verb.value === 'addbr') ctx.facts.addSwitch({ kind: 'linux-bridge', namespace: 'netdev', name: b.value, start: b.start, end: b.end, locator: `linux-bridge:${b.value}`, snippet: ctx.snippet(cmd) });
  else if (verb.value === 'delbr') ctx.facts.removeSwitch(b.value);
  else if (verb.value === 'addif' && portWord(p, ctx)) addGuestPort(ctx, b.value, portWord(p, ctx)!);
}

/** `ip link add [name] B type bridge`, `ip link set [dev] P master B`. */
function ipLink(args: Word[], cmd: ShellCommand, ctx: CommandContext): void {
  const v = args.map((w) => w.value);
  if (v[0] !== 'link' && v[0] !== 'l') return;
  if (v[1] === 'add') {
    const typeAt = v.indexOf('type');
    if (typeAt < 0 || v[typeAt + 1] !== 'bridge') return;
    const nameAt = v[2] === 'name' || v[2] === 'dev' ? 3 : 2;
    const w = args[nameAt];
    if (w && !w.dynamic && nameAt < typeAt) ctx.facts.addSwitch({ kind: 'linux-bridge', namespace: 'netdev', name: w.value, start: w.start, end: w.end, locator: `linux-bridge:${w.value}`, snippet: ctx.snippet(cmd) });
  } else if (v[1] === 'set') {
    const masterAt = v.indexOf('master');
    const devAt = v[2] === 'dev' ? 3 : 2;
    const dev = args[devAt];
    const master = args[masterAt + 1];
    const port = portWord(dev, ctx);
    if (masterAt > devAt && port && master && !master.dynamic) addGuestPort(ctx, master.value, port);
  }
}

/** `tc filter add dev X … action mirred egress mirror dev Y`: X's traffic copied to Y. */
function tcMirred(args: Word[], ctx: CommandContext): void {
  const v = args.map((w) => w.value);
  const mirred = v.indexOf('mirred');
  if (v[0] !== 'filter' || mirred < 0) return;
  const rest = v.slice(mirred + 1);
  if (!rest.includes('mirror')) return; // `redirect` moves packets; it does not copy them
  const devAt = v.indexOf('dev');
  const out = rest.indexOf('dev');
  const src = args[devAt + 1];
  const dst = out >= 0 ? rest[out + 1] : undefined;
  if (devAt < 0 || !src || src.dynamic) return;
  const last = args[args.length - 1]!;
  ctx.facts.mirrors.push({
    start: args[0]!.start,
    end: last.end,
    namespace: 'netdev',
    via: 'tc',
    selectAll: false,
    selectPorts: [src.value],
    selectVlans: [],
    outputPort: dst,
    destination: dst,
    locator: `tc-mirred:${src.value}`,
  });
}

import type { LineIndex } from '../../engine/text';
import type { Comment } from '../../engine/types';
import type { NetFacts } from './commands';
import { programOf, type ShellCommand, type Word } from './shell';

/**
 * Guest ports that no naming convention gives away. QEMU runs an ifup script with the guest's tap
 * as `$1` (`-netdev tap,script=/etc/qemu-ifup`), so `ovs-vsctl add-port br0 $1` there adds a guest.
 * Scripts that create ports with their own names (`vport1`) say what they are for in a comment
 * ("ports for the VMs") or hand them to QEMU (`-netdev tap,ifname=vport1`).
 */

const IFUP_NAME = /(^|[/_.-])(qemu|kvm|ovs|br|bridge|tap|vm|guest)?-?if-?(up|down)([._-][^/]*)?$/i;

/** Commands that bring `$1` up as a network device: `ip link set $1 up`, `ifconfig $1 up`, `tunctl -t $1`, `ip tuntap add … $1`. */
function bringsUpParam(cmd: ShellCommand): boolean {
  const prog = programOf(cmd);
  if (!prog) return false;
  const v = prog.args.map((w) => w.value);
  const param = prog.args.findIndex((w) => w.param === 1);
  if (param < 0) return false;
  if (prog.name === 'ip') return (v[0] === 'link' || v[0] === 'l' || v[0] === 'tuntap') && (v.includes('up') || v[1] === 'add' || v.includes('master'));
  if (prog.name === 'ifconfig') return param === 0;
  if (prog.name === 'tunctl') return v[param - 1] === '-t';
  return false;
}

/** Commands the guest-port evidence reads: interfaces brought up (`ip`, `ifconfig`, `tunctl`) and QEMU started with a tap. */
export function isGuestsCommand(cmd: ShellCommand): boolean {
  const name = programOf(cmd)?.name;
  return !!name && (name === 'ip' || name === 'ifconfig' || name === 'tunctl' || /^(qemu-system-[\w-]+|qemu-kvm|kvm)$/.test(name));
}

/** A QEMU interface script: named like `qemu-ifup`/`ovs-ifup`, or one that brings `$1` up as an interface. */
export function isIfupScript(path: string, commands: ShellCommand[]): boolean {
  const base = path.replace(/\\/g, '/').slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
  return IFUP_NAME.test(base) || commands.some(bringsUpParam);
}

/** Port names handed to QEMU in the same script: `-netdev tap,id=n0,ifname=vport1`, `-nic tap,ifname=…`. */
function qemuTaps(commands: ShellCommand[]): Set<string> {
  const out = new Set<string>();
  for (const cmd of commands) {
    const prog = programOf(cmd);
    if (!prog || !/^(qemu-system-[\w-]+|qemu-kvm|kvm)$/.test(prog.name)) continue;
    for (const w of prog.args) {
      if (!/^(tap|bridge)\b/.test(w.value)) continue;
      for (const part of w.value.split(',')) if (part.startsWith('ifname=')) out.add(part.slice(7));
    }
  }
  return out;
}

const GUEST_WORDS = /\b(vms?|guests?|virtual[- ]machines?|domains?|kvm|qemu|instances?)\b/i;

/**
 * True when a comment that mentions guests heads the paragraph of `offset`: a trailing comment on
 * its line, or a comment line above it with only commands (no blank line) in between.
 */
function commentSaysGuest(text: string, index: LineIndex, comments: Comment[], offset: number): boolean {
  const byLine = new Map<number, Comment>();
  for (const c of comments) byLine.set(index.position(c.start).line, c);
  let line = index.position(offset).line;
  const own = byLine.get(line);
  if (own?.trailing && GUEST_WORDS.test(own.text)) return true;
  for (line--; line >= 0; line--) {
    const content = text.slice(index.lineStart(line), index.lineEnd(line)).trim();
    if (content === '') return false;
    const c = byLine.get(line);
    if (c && !c.trailing && GUEST_WORDS.test(c.text)) return true;
  }
  return false;
}

/** Ports of a script that evidence shows are guests' (see the module comment); their role becomes `guest`. */
export function markGuestPorts(net: NetFacts, commands: ShellCommand[], comments: Comment[], text: string, index: LineIndex): void {
  const taps = qemuTaps(commands);
  for (const p of net.ports) {
    if (p.role === 'guest' || p.role === 'uplink' || p.role === 'internal' || p.bond || net.typed.has(p.name)) continue;
    if (taps.has(p.name) || commentSaysGuest(text, index, comments, p.start)) {
      p.role = 'guest';
      p.guest = p.name;
    }
  }
}

/** What `$1` stands for in an ifup script: the tap of the guest QEMU is starting. */
export function ifupParameter(path: string): (w: Word) => { name: string; guest: string } | undefined {
  const base = path.replace(/\\/g, '/').slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1) || 'ifup script';
  return (w) => (w.param === 1 ? { name: `${base}:$1`, guest: `the guests QEMU attaches with ${base}` } : undefined);
}

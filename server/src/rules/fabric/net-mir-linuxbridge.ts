import type { EffectiveConfig } from '../../engine/config';
import { describeContext, isMultiTenant, resolveContext } from '../../engine/context';
import type { CrossFileRule } from '../../engine/types';
import { key, type Fabric, type FabricSwitch } from '../../engine/fabric';
import { doc } from '../refs';
import { missingMirrorRule } from './missing';
import { NIST_125B, OVS_FAQ_SPAN } from './refs';

const rule = missingMirrorRule(
  {
    id: 'NET-MIR-LINUXBRIDGE',
    title: 'libvirt network with guests and no mirror',
    family: 'mirror-port',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['libvirt-network', 'libvirt-domain'],
    risk: 'A libvirt network without Open vSwitch (`nat`, `route`, `open`, isolated, or `bridge` to a Linux bridge) switches guest traffic inside a Linux bridge. libvirt XML has no way to mirror it, so unless something else installs a `tc … mirred` hook, traffic between the guests on this network is invisible to network monitoring.',
    remedy: 'Put monitored guests on an Open vSwitch network (`<virtualport type=\'openvswitch\'/>`) and mirror the bridge to a dedicated sensor port (see OVS-MIR-MISSING), or install `tc … action mirred egress mirror dev <sensor>` hooks for the guest ports.',
    notes: 'Cross-file: guests are the `<interface type=\'network\'>` elements of domain XML in the same scope. Networks with `<virtualport type=\'openvswitch\'/>` and networks on a host bridge defined in scope (reported there, by OVS-MIR-MISSING or PVE-BRIDGE-MIR-MISSING) are left out, as are macvtap/hostdev networks (no virtual switch) and networks whose guests are all isolated (`<port isolated=\'yes\'/>` on the network or on every interface: guests cannot reach each other). A mirror or tc hook on the network\'s bridge anywhere in scope counts. libvirt\'s NAT `default` network is one desktop user\'s guests behind NAT: it is reported only with the profile `server`. Beware: `<mirror>` inside `<disk>` is a block-copy job, not network mirroring. Policy as OVS-MIR-MISSING: medium for networks matched by `monitoring.requiredFor` (default `*`), info otherwise; no template (libvirt XML cannot express a mirror).',
    references: [doc('libvirt', 'Network XML format', 'https://libvirt.org/formatnetwork.html'), OVS_FAQ_SPAN, NIST_125B],
  },
  (sw, fabric, config) =>
    sw.def.kind === 'libvirt-network' && !sw.def.ovs && !(sw.def.bridge && switchKeys(fabric).has(key('netdev', sw.def.bridge))) &&
    !(isStockNat(sw) && !isMultiTenant(nat(config))),
);

function isStockNat(sw: FabricSwitch): boolean {
  return sw.def.name === 'default' && sw.def.forward === 'nat';
}

/** A finding on the NAT `default` network is there because of the profile: say so. */
export const netMirLinuxBridge: CrossFileRule = {
  meta: rule.meta,
  checkScope(fabric, config) {
    const stock = new Set(fabric.switches.filter(isStockNat).flatMap((sw) => sw.defs.map((d) => `${d.path}\0${d.start}`)));
    const context = describeContext(nat(config));
    return rule.checkScope(fabric, config).map((f) => (stock.has(`${f.path}\0${f.start}`) ? { ...f, message: `${f.message} (${context})`, context } : f));
  },
};

function nat(config: EffectiveConfig) {
  return resolveContext(config.profile, [{ kind: 'desktop', text: "libvirt's NAT default network", scope: 'file' }], 'KVM');
}

/** The keys of a fabric's switches, worked out once per fabric (not once per network). */
const keysOf = new WeakMap<Fabric, Set<string>>();
function switchKeys(fabric: Fabric): Set<string> {
  let keys = keysOf.get(fabric);
  if (!keys) keysOf.set(fabric, (keys = new Set(fabric.switches.map((o) => key(o.def.namespace, o.def.name)))));
  return keys;
}

import type { FindingDraft, Rule } from '../../engine/types';
import type { ControllerFact } from '../../formats/ovs/commands';
import { doc } from '../refs';
import { isLoopback, isWildcard } from '../net';

/** Models that list OpenFlow controller targets: scripts and interfaces files (`net`), conf.db (`controllers`). */
export interface HasControllers {
  net?: { controllers: ControllerFact[] };
  controllers?: ControllerFact[];
}

/** `tcp:HOST[:PORT]` → host; `ptcp:[PORT][:IP]` → the bound address ('' for all). IPv6 in brackets. */
function plain(target: string): { passive: boolean; host: string; port?: string } | undefined {
  const m = /^(p?)tcp:(.*)$/i.exec(target.trim());
  if (!m) return undefined;
  const rest = m[2]!;
  if (m[1]) {
    const p = /^(\d*)(?::(.*))?$/.exec(rest);
    return p ? { passive: true, host: p[2] ?? '', port: p[1] || '6653' } : { passive: true, host: '' };
  }
  const a = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(rest);
  return a ? { passive: false, host: a[1]!, port: a[2] ?? '6653' } : { passive: false, host: rest };
}

export const ovsControllerPlain: Rule<HasControllers> = {
  meta: {
    id: 'OVS-CONTROLLER-PLAIN',
    title: 'OpenFlow controller connection without TLS',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['ovs-shell', 'interfaces', 'ovsdb'],
    risk: 'The OpenFlow controller programs every flow of the bridge: it can copy, redirect or drop any guest\'s traffic. Over plain `tcp:` nothing authenticates the controller or protects the channel, so whoever sits on the path reads the flows and packet-ins and injects flows of its own. A passive `ptcp:` listener is worse: anyone who reaches the port connects as a controller, with no credentials at all.',
    remedy: 'Use `ssl:HOST:PORT` (or `pssl:` for a passive listener) with `ovs-vsctl set-ssl` pointing at the switch\'s private key, certificate and the controller CA certificate, and bind passive listeners to a management address. Keep plain TCP to loopback controllers only.',
    notes: 'Reads `ovs-vsctl set-controller` and `create controller target=…` in scripts, ifupdown hooks and `ovs_extra`, and Controller rows of conf.db. Loopback targets (`tcp:127.0.0.1:6653`, `ptcp:6653:127.0.0.1`) are not reported. `ptcp:` on every address is high, other plain targets medium. The guarded fix switches the scheme to `ssl:`/`pssl:` (conf.db is never edited). OVSDB managers (`set-manager ptcp:6640`) are not covered here.',
    references: [doc('Open vSwitch', 'ovs-vsctl(8): controller connection methods (tcp, ssl, ptcp, pssl)'), doc('Open vSwitch documentation', 'Open vSwitch with SSL', 'https://docs.openvswitch.org/en/latest/howto/ssl/')],
  },
  check(model, ctx) {
    const out: FindingDraft[] = [];
    for (const c of model.controllers ?? model.net?.controllers ?? []) {
      const p = plain(c.target);
      if (!p || (p.host !== '' && isLoopback(p.host))) continue;
      const everywhere = p.passive && isWildcard(p.host);
      const on = c.bridge ? `Bridge ${c.bridge}` : 'This bridge';
      const message = p.passive
        ? `${on} accepts OpenFlow controllers on TCP ${p.port ?? '6653'} ${everywhere ? 'on every address' : `on ${p.host}`} without TLS: whoever connects programs its flows, unauthenticated.`
        : `${on} talks to its OpenFlow controller ${p.host ? `${p.host}:${p.port}` : `(address from a variable, port ${p.port})`} over plain TCP: anyone on the path can read and inject flows.`;
      const raw = ctx.text.slice(c.start, c.end);
      const at = c.editable ? raw.search(/p?tcp:/i) : -1;
      const scheme = at >= 0 ? /^p?tcp/i.exec(raw.slice(at))![0] : '';
      out.push({
        start: c.start,
        end: c.end,
        severity: everywhere ? 'high' : 'medium',
        locator: c.locator,
        message,
        fixes: at >= 0 ? [{ title: `Use ${p.passive ? 'pssl:' : 'ssl:'} (guarded: needs ovs-vsctl set-ssl with key, certificate and CA, and a controller speaking TLS)`, safety: 'guarded', edits: [{ start: c.start + at, end: c.start + at + scheme.length, newText: p.passive ? 'pssl' : 'ssl' }] }] : undefined,
      });
    }
    return out;
  },
};

import type { Rule } from '../../engine/types';
import type { ConfModel } from '../../formats/libvirt-conf/parser';
import { LIBVIRT_REMOTE } from '../libvirt-refs';
import { flag, listensExplicitly, perms, shown, span, str } from './conf';

/** Groups distributions create for libvirt's administrators. */
const DEDICATED = new Set(['libvirt', 'libvirtd']);

export const lvAccessDrivers: Rule<ConfModel> = {
  meta: {
    id: 'LV-ACCESS-DRIVERS',
    title: 'No API access control for authenticated clients',
    family: 'excessive-role',
    severity: 'low',
    fixSafety: 'none',
    formats: ['libvirtd-conf'],
    risk: 'Without access_drivers libvirt uses the "nop" driver: once a client has authenticated it may call every API on every guest. On a host shared by several people or tools, a monitoring account or a tenant\'s automation can therefore destroy or reconfigure any guest.',
    remedy: 'Set access_drivers = [ "polkit" ] and write polkit rules that grant each user or group only the guests and operations it needs.',
    notes: 'An absent access_drivers is reported only when non-root clients can reach the daemon: listen_tcp = 1 or listen_tls = 1, a unix_sock_group other than a dedicated libvirt group, or a read-write socket that others may write. A 0770 socket owned by the `libvirt` (or `libvirtd`) group is what distributions ship: its members are the hypervisor\'s administrators by design, so that is no finding. access_drivers set to an empty list or to [ "nop" ] is always reported. No fix: per-guest rules have to be written for your users.',
    references: [LIBVIRT_REMOTE],
  },
  check(m) {
    const e = m.get('access_drivers');
    if (e) {
      const items = e.value.kind === 'list' ? (e.value.items ?? []).map((i) => i.str ?? '') : e.value.kind === 'string' ? [e.value.str ?? ''] : undefined;
      if (!items || items.some((x) => x.trim() !== '' && x.trim() !== 'nop')) return [];
      return [{ ...span(e), locator: 'access_drivers', message: `access_drivers = ${shown(e)}: no access control; every authenticated client may call every API on every guest.` }];
    }
    const rw = perms(m.get('unix_sock_rw_perms'));
    const group = m.get('unix_sock_group');
    const reasons: string[] = [];
    if (listensExplicitly(m)) reasons.push('remote clients');
    const dedicated = DEDICATED.has(str(group)?.trim().toLowerCase() ?? '');
    if (rw !== undefined && (rw & 0o002) !== 0) reasons.push('every local user');
    else if (group && !dedicated) reasons.push(`members of ${str(group) ?? 'the socket group'}`);
    if (reasons.length === 0) return [];
    const listening = ['listen_tcp', 'listen_tls'].map((k) => m.get(k)).find((x) => flag(x) === 1);
    const anchor = (dedicated ? undefined : group) ?? listening ?? m.get('unix_sock_rw_perms') ?? group!;
    return [{ ...span(anchor), locator: 'access_drivers', message: `No access_drivers: ${reasons.join(' and ')} may, once authenticated, call every API on every guest.` }];
  },
};

import type { VmxSetting, VmxSettings } from '../vmx/settings';
import type { EsxAdvancedOptions, EsxFirewall, FirewallValue, PermissionGrant, PrivilegeSet, ProductVersions, ServiceState } from '../vsphere/carriers';
import { parseVersion, type VersionLiteral } from '../vsphere/versions';
import type { Host, Product, SnapshotModel, Vm } from './model';

/**
 * What a snapshot gives the rules: the same carriers the file formats provide, read from the
 * objects of a live system. A snapshot is a read-out, so every edit is empty: changing it would not
 * change the host (the engine drops fixes without edits).
 */

/** Shown where a redacted value stands: the snapshot records that it is set, not what it is. */
export const REDACTED = '(set; not copied into the snapshot)';

/** A VM's extraConfig, device settings and hardware version as .vmx settings. */
export function vmSettings(vm: Vm): VmxSettings {
  const all: VmxSetting[] = [];
  if (vm.hardwareVersion) {
    const n = /^vmx-(\d+)$/.exec(vm.hardwareVersion.value.trim())?.[1];
    if (n) all.push({ key: 'virtualHW.version', lower: 'virtualhw.version', value: n, start: vm.hardwareVersion.start, end: vm.hardwareVersion.end, valueStart: vm.hardwareVersion.start, valueEnd: vm.hardwareVersion.end, locator: 'hardwareVersion' });
  }
  for (const s of vm.settings) {
    const lower = s.key.toLowerCase();
    const v = s.valueNode ?? s.node;
    all.push({ key: s.key, lower, value: s.redacted ? REDACTED : s.value ?? '', start: s.node.start, end: s.node.end, valueStart: v.start, valueEnd: v.end, locator: `${s.from}/${lower}` });
  }
  const effective = new Map<string, VmxSetting>();
  for (const s of all) effective.set(s.lower, s);
  const anchor = vm.name ? { start: vm.name.start, end: vm.name.end } : { start: vm.node.start, end: vm.node.start, onFile: true };
  return {
    target: 'esxi',
    anchor,
    carrier: 'vSphere VM',
    get: (key) => effective.get(key.toLowerCase()),
    matching: (re) => [...effective.values()].filter((s) => re.test(s.lower)),
    setValue: () => [],
    add: () => [],
    remove: () => [],
  };
}

/** A host's advanced options (OptionManager settings): every option the host has, with its value. */
export function hostOptions(host: Host): EsxAdvancedOptions {
  const byName = new Map<string, { name: string; value: string; start: number; end: number; locator: string }>();
  for (const o of host.options) byName.set(o.key.value.toLowerCase(), { name: o.key.value, value: o.value.value, start: o.node.start, end: o.node.end, locator: `advancedOptions/${o.key.value}` });
  return { get: (name) => byName.get(name.toLowerCase()), setValue: () => [] };
}

export function hostFirewall(host: Host): EsxFirewall {
  const value = (key: string, what: string, v: { value: boolean; start: number; end: number } | undefined): FirewallValue | undefined =>
    v ? { value: v.value, name: `${key} ${what}`, start: v.start, end: v.end, locator: `firewall/${key}/${what}` } : undefined;
  const byKey = new Map(host.firewall.map((r) => [r.key.value, r]));
  return {
    ruleset: (key) => {
      const r = byKey.get(key);
      return r ? { key, enabled: value(key, 'enabled', r.enabled), allowedAll: value(key, 'allowedAll', r.allIp) } : undefined;
    },
    set: () => [],
    allowedIpTemplate: () => [],
  };
}

const POLICY_ON = new Set(['on', 'automatic']);

export function hostServices(host: Host): ServiceState[] {
  return host.services.map((s) => ({
    key: s.key.value,
    running: s.running?.value === true ? { start: s.running.start, end: s.running.end, locator: `services/${s.key.value}/running`, describe: (svc: string) => `${svc} is running on this host.` } : undefined,
    startsWithHost: s.policy && POLICY_ON.has(s.policy.value.toLowerCase()) ? { start: s.policy.start, end: s.policy.end, locator: `services/${s.key.value}/policy`, describe: (svc: string) => `The startup policy of ${svc} is "${s.policy!.value}": it starts again with the host.` } : undefined,
    stop: () => [],
    policyOff: () => [],
  }));
}

/** Where a permission propagates from: the root folder (`/`) or a datacenter. */
function grantAt(p: SnapshotModel['permissions'][number]): PermissionGrant['at'] {
  if (!p.propagate) return undefined;
  if (p.entity === '/') return { root: true };
  if (p.entityType === 'Datacenter' && p.entity) return { root: false, datacenter: p.entity.slice(p.entity.lastIndexOf('/') + 1) };
  return undefined;
}

/** The product's own administrators, granted at the root by design (vCenter SSO; a standalone host's local accounts). */
function builtIn(principal: string, host: boolean): boolean {
  const p = principal.toLowerCase();
  if (host) return p === 'root' || p === 'dcui' || p === 'vpxuser';
  return p === 'vsphere.local\\administrators' || p === 'vsphere.local\\administrator';
}

export function grants(m: SnapshotModel): PermissionGrant[] {
  const host = m.source.apiType?.value === 'HostAgent';
  return m.permissions.map((p) => ({
    role: p.role.value,
    start: p.role.start,
    end: p.role.end,
    locator: `permission:${p.entity ?? ''}:${p.principal}/role`,
    principal: p.group ? `group ${p.principal}` : p.principal,
    at: grantAt(p),
    object: p.entity === '/' ? 'the root folder' : p.entity ? `${p.entityType ? `${p.entityType} ` : ''}${p.entity}` : undefined,
    propagate: p.propagate,
    by: `The permission on ${p.entity ?? 'an object'}`,
    builtIn: builtIn(p.principal, host),
    template: () => [],
  }));
}

/** Custom roles (system roles are the product's own) with the privileges they hold. */
export function privilegeSets(m: SnapshotModel): PrivilegeSet[] {
  const atRoot = new Set<string>();
  for (const p of m.permissions) if (grantAt(p)) atRoot.add(p.role.value);
  return m.roles.filter((r) => !r.system).map((r) => ({
    role: r.name.value,
    items: r.privileges.map((p) => ({ id: p.value, start: p.start, end: p.end })),
    anchor: { start: r.name.start, end: r.name.end },
    locator: `role:${r.name.value}`,
    boundAtRoot: atRoot.has(r.name.value),
  }));
}

/** The builds the live system reports: vCenter's (AboutInfo) and each host's product. */
export function productVersions(m: SnapshotModel): ProductVersions {
  const literals: VersionLiteral[] = [];
  const add = (p: Product | undefined, product: 'esxi' | 'vcenter', label: string) => {
    const version = p?.version ? parseVersion(p.version.value) : undefined;
    if (!p || !version) return;
    const build = p.build && /^\d{1,10}$/.test(p.build.value) ? Number(p.build.value) : undefined;
    const at = p.fullName ?? p.build ?? p.version!;
    literals.push({ product, ...version, build, text: p.fullName?.value ?? `${p.version!.value} build-${p.build?.value ?? '?'}`, start: at.start, end: at.end, label });
  };
  if (m.source.apiType?.value === 'VirtualCenter') add(m.source.about, 'vcenter', 'reported by vCenter');
  for (const h of m.hosts) add(h.product, 'esxi', 'reported by the host');
  return { literals: () => literals };
}

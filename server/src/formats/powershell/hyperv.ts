/**
 * The Hyper-V model of a script: switches, VMs, their network adapters and the settings the script
 * gives them, and host settings, from Hyper-V cmdlets and HyperVDsc (xHyper-V, cHyper-V) resource
 * blocks. Only literal values count; a name or value the script computes is left out (never judged).
 */
import { literalText, type PsCommand, type PsDscBlock, type PsEntry, type PsScript, type PsValue } from './parser';

/** A setting as written: the `-Param value` or `Key = value` range, and the literal value's range when a fix may edit it. */
export interface HvSetting {
  /** the literal value, lower-case ('on', 'off', 'true', 'source', 'credssp') */
  value: string;
  start: number;
  end: number;
  /** the value's own range, when it is written here as a literal */
  edit?: { start: number; end: number; kind: PsValue['kind'] };
  /** written in a DSC resource (`Key = value`) rather than as a cmdlet parameter */
  dsc: boolean;
  /** written in HCL (a Packer template) rather than PowerShell: fixes write `true`/`false` */
  syntax?: 'hcl';
}

export type SwitchType = 'external' | 'internal' | 'private';

export interface HvSwitch {
  name: string;
  type?: SwitchType;
  /** AllowManagementOS as written */
  managementOS?: HvSetting;
  /** New-VMSwitch for an external switch without AllowManagementOS: the host shares it (the default), and `-AllowManagementOS $false` goes here */
  managementDefaultAt?: number;
  /** range of the defining command's name or resource name */
  start: number;
  end: number;
  /** end of the defining command or the closing brace of the resource (templates go on the line after) */
  after: number;
  dsc: boolean;
}

export interface HvNic {
  vm: string;
  /** adapter name; undefined: the default "Network Adapter" of New-VM, or all of a VM's adapters */
  nic?: string;
  switch?: string;
  /** a host (management OS) adapter */
  host: boolean;
  start: number;
  end: number;
  /** end of the defining command (or resource block) */
  after: number;
  dsc: boolean;
}

export type NicKey = 'macaddressspoofing' | 'dhcpguard' | 'routerguard' | 'portmirroring';

/** One security setting of adapters: `Set-VMNetworkAdapter … -DhcpGuard Off`, `VMNetworkAdapterSettings { DhcpGuard = 'Off' }`. */
export interface HvNicSetting {
  key: NicKey;
  /** VM names (undefined: not known from the text) */
  vms?: string[];
  nic?: string;
  /** the switch, when the setting names it (DSC VMNetworkAdapterSettings) */
  switch?: string;
  host: boolean;
  setting: HvSetting;
}

export interface HvFirmware {
  vms?: string[];
  /** Secure Boot off: `Set-VMFirmware -EnableSecureBoot Off`, `VMHyperV { Generation = 2; SecureBoot = $false }` */
  secureBoot: HvSetting;
}

export type HostKey = 'virtualmachinemigrationauthenticationtype' | 'enableenhancedsessionmode' | 'useanynetworkformigration' | 'virtualmachinemigrationenabled';

export interface HvHostSetting {
  key: HostKey;
  setting: HvSetting;
}

/** A VM the script creates: `New-VM`, DSC `VMHyperV`. */
export interface HvVm {
  name: string;
  /** 1 or 2 as written; undefined when not written (New-VM and VMHyperV create generation 1) */
  generation?: number;
  /** range of the creating command's name or resource name */
  start: number;
  end: number;
  /** end of the creating command or the closing brace of the resource */
  after: number;
  dsc: boolean;
}

/** `Enable-VMTPM` (a virtual TPM) or `Set-VMKeyProtector` (its prerequisite, no TPM by itself), with the VMs they name (undefined: not known from the text). */
export interface HvTpm {
  vms?: string[];
  /** `Set-VMKeyProtector` only: the key protector, not the TPM */
  keyProtector?: boolean;
  /** end of the command (a fix that enables the TPM goes after the key protector) */
  after?: number;
}

/** `Set-VMProcessor -ExposeVirtualizationExtensions $true`, DSC `VMProcessor`, Packer `enable_virtualization_extensions = true` */
export interface HvProcessor {
  vms?: string[];
  exposeVirtualizationExtensions: HvSetting;
}

/** A member added to the local Hyper-V Administrators group: `Add-LocalGroupMember`, `net localgroup … /add`, DSC `Group`. */
export interface HvAdminMember {
  member: string;
  start: number;
  end: number;
  /** how the script adds it, or `snapshot`: a member of the group on a live host */
  how: 'Add-LocalGroupMember' | 'net localgroup' | 'DSC Group' | 'snapshot';
}

/** The Guest Service Interface turned on: `Enable-VMIntegrationService -Name 'Guest Service Interface'`, DSC `VMHyperV { EnableGuestService = $true }` */
export interface HvGuestService {
  vms?: string[];
  start: number;
  end: number;
  /** the edit that turns it off (the cmdlet's verb, or the DSC value) */
  fix?: { start: number; end: number; newText: string };
}

export interface HyperVModel {
  guestService: HvGuestService[];
  switches: HvSwitch[];
  nics: HvNic[];
  nicSettings: HvNicSetting[];
  firmware: HvFirmware[];
  host: HvHostSetting[];
  /** VMs created (optional: inputs that do not list VMs leave it out) */
  vms?: HvVm[];
  /** virtual TPMs enabled */
  tpm?: HvTpm[];
  processors?: HvProcessor[];
  /** members added to the local Hyper-V Administrators group */
  adminMembers?: HvAdminMember[];
  /** `Enable-VMMigration` (range of the command name) */
  migrationEnabled?: { start: number; end: number }[];
  /** what the input shows about the host: Windows Server (role install, live migration) or Windows 10/11 (the Default Switch) */
  hostKind?: { kind: 'server' | 'desktop'; text: string }[];
  /** read from a snapshot of a running host (hyperv-snapshot): every value is the host's state, defaults included, and nothing can be inserted after a command */
  live?: boolean;
}

/** The carrier kind of a whole Hyper-V model (VMs, switches, host settings, group membership): scripts and DSC provide it. */
export const HYPERV_CONFIG = 'hyperv-config';
/**
 * The carrier kind of a Hyper-V model read for its guests' own settings only (adapter security,
 * firmware, processor): what a Packer `hyperv-iso` source describes, and what scripts give too.
 */
export const HYPERV_GUESTS = 'hyperv-guests';

interface Arg {
  value?: PsValue;
  start: number;
  end: number;
  dsc: boolean;
}

/** Named arguments of a command (splatted hashtables first, then its own parameters), by lower-case name. */
function argsOf(cmd: PsCommand): Map<string, Arg> {
  const out = new Map<string, Arg>();
  for (const entries of cmd.splats) for (const e of entries) out.set(e.key.toLowerCase(), { value: e.value, start: e.keyStart, end: e.value.end, dsc: false });
  for (const p of cmd.params) out.set(p.name.toLowerCase(), { value: p.value, start: p.start, end: p.value?.end ?? p.end, dsc: false });
  return out;
}

function entriesOf(block: PsDscBlock): Map<string, Arg> {
  const out = new Map<string, Arg>();
  for (const e of block.entries as PsEntry[]) out.set(e.key.toLowerCase(), { value: e.value, start: e.keyStart, end: e.value.end, dsc: true });
  return out;
}

function setting(arg: Arg | undefined, fallback?: string): HvSetting | undefined {
  if (!arg) return undefined;
  const text = arg.value ? literalText(arg.value) : fallback;
  if (text === undefined) return undefined;
  const v = arg.value;
  return { value: text.toLowerCase(), start: arg.start, end: arg.end, edit: v && v.direct && v.kind !== 'array' ? { start: v.start, end: v.end, kind: v.kind } : undefined, dsc: arg.dsc };
}

function text(arg: Arg | undefined): string | undefined {
  return arg?.value ? literalText(arg.value) : undefined;
}

/** Literal names of a value: one string, or an array of literal strings; undefined when any is unknown. */
function names(v: PsValue | undefined): string[] | undefined {
  if (!v) return undefined;
  if (v.kind === 'array') {
    const all = (v.items ?? []).map(literalText);
    return all.every((x): x is string => x !== undefined) ? all : undefined;
  }
  const t = literalText(v);
  return t === undefined ? undefined : [t];
}

/** The VMs a per-VM cmdlet acts on: -VMName, -VM, the first positional argument, or the VMs piped in (`Get-VM web01 | …`). */
function targetVms(cmd: PsCommand, args: Map<string, Arg>, positional = true): string[] | undefined {
  const named = args.get('vmname') ?? args.get('vm');
  if (named) return names(named.value);
  if (positional && cmd.args[0]) return names(cmd.args[0]);
  const input = cmd.input;
  if (!input || !('name' in input)) return undefined;
  const from = input.name.toLowerCase();
  const inArgs = argsOf(input);
  if (from === 'get-vm' || from === 'new-vm') return names((inArgs.get('name') ?? inArgs.get('vmname'))?.value ?? input.args[0]);
  if (from === 'get-vmnetworkadapter' || from === 'add-vmnetworkadapter') return targetVms(input, inArgs, from === 'get-vmnetworkadapter');
  return undefined;
}

/** Adapter name of a NIC cmdlet (-Name), or of the adapter piped in (`Get-VMNetworkAdapter -VMName x -Name y | …`). */
function nicName(cmd: PsCommand, args: Map<string, Arg>): string | undefined {
  const own = text(args.get('name'));
  if (own !== undefined) return own;
  const input = cmd.input;
  if (input && 'name' in input && /^(get|add)-vmnetworkadapter$/i.test(input.name)) return text(argsOf(input).get('name'));
  return undefined;
}

function isHost(cmd: PsCommand | undefined, args: Map<string, Arg>): boolean {
  if (args.has('managementos')) return true;
  const input = cmd?.input;
  return !!input && 'name' in input && /-vmnetworkadapter$/i.test(input.name) && argsOf(input).has('managementos');
}

function switchType(args: Map<string, Arg>, typeKey: string): SwitchType | undefined {
  const t = text(args.get(typeKey))?.toLowerCase();
  if (t === 'external' || t === 'internal' || t === 'private') return t;
  if (args.has('netadaptername') || args.has('netadapterinterfacedescription')) return 'external';
  return undefined;
}

const NIC_KEYS: NicKey[] = ['macaddressspoofing', 'dhcpguard', 'routerguard', 'portmirroring'];
const HOST_KEYS: HostKey[] = ['virtualmachinemigrationauthenticationtype', 'enableenhancedsessionmode', 'useanynetworkformigration', 'virtualmachinemigrationenabled'];

const LIVE_MIGRATION = { kind: 'server', text: 'live migration settings (Windows Server only)' } as const;

function hostSettings(args: Map<string, Arg>, model: HyperVModel): void {
  for (const key of HOST_KEYS) {
    const s = setting(args.get(key));
    if (!s) continue;
    model.host.push({ key, setting: s });
    if (key !== 'enableenhancedsessionmode') model.hostKind!.push(LIVE_MIGRATION);
  }
}

function generation(t: string | undefined): number | undefined {
  return t === '1' ? 1 : t === '2' ? 2 : undefined;
}

/** The local Hyper-V Administrators group, by name or by its well-known SID (S-1-5-32-578). */
export function isHyperVAdmins(name: string | undefined): boolean {
  if (name === undefined) return false;
  const n = name.trim().toLowerCase().replace(/^builtin\\/, '');
  return n === 'hyper-v administrators' || n === 's-1-5-32-578';
}

/** The literal strings of a value (one, or the literal items of an array), with their ranges. */
function literalsOf(v: PsValue | undefined): { text: string; start: number; end: number }[] {
  if (!v) return [];
  const items = v.kind === 'array' ? (v.items ?? []) : [v];
  const out: { text: string; start: number; end: number }[] = [];
  for (const item of items) {
    const t = literalText(item);
    if (t !== undefined) out.push({ text: t, start: item.start, end: item.end });
  }
  return out;
}

export function hyperVModel(script: PsScript): HyperVModel {
  const model: HyperVModel = { guestService: [], switches: [], nics: [], nicSettings: [], firmware: [], host: [], vms: [], tpm: [], processors: [], adminMembers: [], migrationEnabled: [], hostKind: [] };
  for (const cmd of script.commands) {
    const name = cmd.name.toLowerCase();
    const args = argsOf(cmd);
    switch (name) {
      case 'new-vmswitch':
      case 'set-vmswitch': {
        const sw = text(args.get('name')) ?? (cmd.args[0] ? literalText(cmd.args[0]) : undefined);
        if (sw === undefined) break;
        const type = switchType(args, 'switchtype');
        const managementOS = setting(args.get('allowmanagementos'));
        const created = name === 'new-vmswitch';
        model.switches.push({ name: sw, type, managementOS, managementDefaultAt: created && type === 'external' && !args.has('allowmanagementos') ? cmd.end : undefined, start: cmd.nameStart, end: cmd.nameEnd, after: cmd.end, dsc: false });
        break;
      }
      case 'new-vm': {
        const vm = text(args.get('name')) ?? (cmd.args[0] ? literalText(cmd.args[0]) : undefined);
        const sw = text(args.get('switchname'));
        if (vm !== undefined && sw !== undefined) model.nics.push({ vm, switch: sw, host: false, start: cmd.nameStart, end: cmd.nameEnd, after: cmd.end, dsc: false });
        if (vm !== undefined) model.vms!.push({ name: vm, generation: generation(text(args.get('generation'))), start: cmd.nameStart, end: cmd.nameEnd, after: cmd.end, dsc: false });
        break;
      }
      case 'add-vmnetworkadapter':
      case 'connect-vmnetworkadapter': {
        const sw = text(args.get('switchname'));
        const host = isHost(cmd, args);
        const vms = host ? ['ManagementOS'] : targetVms(cmd, args);
        for (const vm of vms ?? []) model.nics.push({ vm, nic: nicName(cmd, args), switch: sw, host, start: cmd.nameStart, end: cmd.nameEnd, after: cmd.end, dsc: false });
        break;
      }
      case 'set-vmnetworkadapter': {
        const host = isHost(cmd, args);
        const vms = host ? ['ManagementOS'] : targetVms(cmd, args);
        for (const key of NIC_KEYS) {
          const s = setting(args.get(key));
          if (s) model.nicSettings.push({ key, vms, nic: nicName(cmd, args), host, setting: s });
        }
        break;
      }
      case 'set-vmfirmware': {
        const s = setting(args.get('enablesecureboot'));
        if (s) model.firmware.push({ vms: targetVms(cmd, args), secureBoot: s });
        break;
      }
      case 'enable-vmintegrationservice': {
        const services = names(args.get('name')?.value ?? cmd.args[0]);
        if (!services?.some((x) => x.toLowerCase() === 'guest service interface')) break;
        const verb = /^enable/i.test(cmd.name) ? { start: cmd.nameStart, end: cmd.nameStart + 6, newText: 'Disable' } : undefined;
        model.guestService.push({ vms: targetVms(cmd, args, false), start: cmd.nameStart, end: cmd.nameEnd, fix: services.length === 1 ? verb : undefined });
        break;
      }
      case 'set-vmhost':
        hostSettings(args, model);
        break;
      case 'enable-vmtpm':
        model.tpm!.push({ vms: targetVms(cmd, args) });
        break;
      case 'set-vmkeyprotector':
        model.tpm!.push({ vms: targetVms(cmd, args), keyProtector: true, after: cmd.end });
        break;
      case 'set-vmprocessor': {
        const s = setting(args.get('exposevirtualizationextensions'));
        if (s) model.processors!.push({ vms: targetVms(cmd, args), exposeVirtualizationExtensions: s });
        break;
      }
      case 'enable-vmmigration':
        model.migrationEnabled!.push({ start: cmd.nameStart, end: cmd.nameEnd });
        model.hostKind!.push(LIVE_MIGRATION);
        break;
      case 'install-windowsfeature':
      case 'add-windowsfeature':
        // the ServerManager module: Windows Server only (Windows 10/11 use Enable-WindowsOptionalFeature)
        if (names(args.get('name')?.value ?? cmd.args[0])?.some((n) => n.toLowerCase() === 'hyper-v')) model.hostKind!.push({ kind: 'server', text: `${cmd.name} Hyper-V (Windows Server)` });
        break;
      case 'add-localgroupmember': {
        const group = args.get('group') ?? args.get('name') ?? args.get('sid');
        const groupValue = group ? group.value : cmd.args[0];
        if (!isHyperVAdmins(literalText(groupValue))) break;
        const member = args.get('member')?.value ?? cmd.args[group ? 0 : 1];
        for (const m of literalsOf(member)) model.adminMembers!.push({ member: m.text, start: m.start, end: m.end, how: 'Add-LocalGroupMember' });
        break;
      }
      case 'net':
      case 'net.exe': {
        // net localgroup "Hyper-V Administrators" alice /add
        const words = cmd.args.map(literalText);
        if (words[0]?.toLowerCase() !== 'localgroup' || !isHyperVAdmins(words[1]) || !words.some((w) => w?.toLowerCase() === '/add')) break;
        for (const a of cmd.args.slice(2)) {
          const w = literalText(a);
          if (w !== undefined && !w.startsWith('/')) model.adminMembers!.push({ member: w, start: a.start, end: a.end, how: 'net localgroup' });
        }
        break;
      }
    }
  }
  for (const block of script.dsc) dsc(block, model);
  if (model.nics.some((n) => n.switch?.toLowerCase() === 'default switch')) model.hostKind!.push({ kind: 'desktop', text: 'the Default Switch (Hyper-V on Windows 10/11)' });
  return model;
}

/** HyperVDsc resources and their xHyper-V / cHyper-V forerunners. */
function dsc(block: PsDscBlock, model: HyperVModel): void {
  const resource = block.resource.toLowerCase().replace(/^[xc](?=vm)/, '');
  const e = entriesOf(block);
  switch (resource) {
    case 'vmswitch': {
      const sw = text(e.get('name'));
      if (sw === undefined) return;
      model.switches.push({ name: sw, type: switchType(e, 'type'), managementOS: setting(e.get('allowmanagementos')), start: block.resourceStart, end: block.resourceEnd, after: block.end + 1, dsc: true });
      return;
    }
    case 'vmhyperv': {
      const vm = text(e.get('name'));
      if (vm === undefined) return;
      for (const sw of names(e.get('switchname')?.value) ?? []) model.nics.push({ vm, switch: sw, host: false, start: block.resourceStart, end: block.resourceEnd, after: block.end + 1, dsc: true });
      const guest = setting(e.get('enableguestservice'));
      if (guest && (guest.value === 'true' || guest.value === '1')) {
        const off = guest.edit?.kind === 'bool' ? { start: guest.edit.start, end: guest.edit.end, newText: '$false' } : undefined;
        model.guestService.push({ vms: [vm], start: guest.start, end: guest.end, fix: off });
      }
      model.vms!.push({ name: vm, generation: generation(text(e.get('generation'))), start: block.resourceStart, end: block.resourceEnd, after: block.end + 1, dsc: true });
      const secure = setting(e.get('secureboot'));
      // VMHyperV creates generation 1 VMs unless told otherwise, and those have no Secure Boot
      if (secure && text(e.get('generation')) === '2') model.firmware.push({ vms: [vm], secureBoot: secure });
      return;
    }
    case 'vmnetworkadapter': {
      const vm = text(e.get('vmname'));
      const sw = text(e.get('switchname'));
      if (vm === undefined) return;
      const host = vm.toLowerCase() === 'managementos';
      model.nics.push({ vm, nic: text(e.get('name')), switch: sw, host, start: block.resourceStart, end: block.resourceEnd, after: block.end + 1, dsc: true });
      return;
    }
    case 'vmnetworkadaptersettings': {
      const vm = text(e.get('vmname'));
      const host = vm?.toLowerCase() === 'managementos';
      for (const key of NIC_KEYS) {
        const s = setting(e.get(key));
        if (s) model.nicSettings.push({ key, vms: vm === undefined ? undefined : [vm], nic: text(e.get('name')), switch: text(e.get('switchname')), host, setting: s });
      }
      return;
    }
    case 'vmhost':
      hostSettings(e, model);
      return;
    case 'vmprocessor': {
      const vm = text(e.get('vmname'));
      const s = setting(e.get('exposevirtualizationextensions'));
      if (s) model.processors!.push({ vms: vm === undefined ? undefined : [vm], exposeVirtualizationExtensions: s });
      return;
    }
    case 'windowsfeature':
      if (text(e.get('name'))?.toLowerCase() === 'hyper-v' && text(e.get('ensure'))?.toLowerCase() !== 'absent') model.hostKind!.push({ kind: 'server', text: 'DSC WindowsFeature Hyper-V (Windows Server)' });
      return;
    case 'group':
    case 'xgroup': {
      // PSDscResources / xPSDesiredStateConfiguration Group: Members replaces the list, MembersToInclude adds
      if (!isHyperVAdmins(text(e.get('groupname'))) || text(e.get('ensure'))?.toLowerCase() === 'absent') return;
      for (const key of ['members', 'memberstoinclude']) {
        for (const m of literalsOf(e.get(key)?.value)) model.adminMembers!.push({ member: m.text, start: m.start, end: m.end, how: 'DSC Group' });
      }
      return;
    }
  }
}

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

export interface HvHostSetting {
  key: 'virtualmachinemigrationauthenticationtype' | 'enableenhancedsessionmode';
  setting: HvSetting;
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
  /** read from a snapshot of a running host (hyperv-snapshot): every value is the host's state, defaults included, and nothing can be inserted after a command */
  live?: boolean;
}

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

export function hyperVModel(script: PsScript): HyperVModel {
  const model: HyperVModel = { guestService: [], switches: [], nics: [], nicSettings: [], firmware: [], host: [] };
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
        for (const key of ['virtualmachinemigrationauthenticationtype', 'enableenhancedsessionmode'] as const) {
          const s = setting(args.get(key));
          if (s) model.host.push({ key, setting: s });
        }
        break;
    }
  }
  for (const block of script.dsc) dsc(block, model);
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
      for (const key of ['virtualmachinemigrationauthenticationtype', 'enableenhancedsessionmode'] as const) {
        const s = setting(e.get(key));
        if (s) model.host.push({ key, setting: s });
      }
      return;
  }
}

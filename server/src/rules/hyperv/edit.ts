import type { TextEdit } from '../../engine/types';
import type { HvSetting } from '../../formats/powershell/hyperv';

/**
 * The edit that writes `value` in place of a setting's literal, in the literal's own style: a
 * bareword stays a bareword, a quoted string keeps its quotes, a boolean becomes `$true`/`$false`.
 * Undefined when the value is not written here (it comes from a variable).
 */
export function replaceLiteral(text: string, s: HvSetting, value: string | boolean): TextEdit | undefined {
  const e = s.edit;
  if (!e) return undefined;
  if (s.syntax === 'hcl') {
    // Packer's settings are booleans: On/true → true, Off/false → false, in the literal's own kind
    const b = typeof value === 'boolean' ? value : value.toLowerCase() === 'on' || value.toLowerCase() === 'true';
    return { start: e.start, end: e.end, newText: e.kind === 'string' ? `"${b}"` : String(b) };
  }
  if (typeof value === 'boolean') {
    const v = value ? 'true' : 'false';
    const newText = e.kind === 'bool' ? `$${v}` : e.kind === 'string' ? `${text[e.start]}${v[0]!.toUpperCase()}${v.slice(1)}${text[e.end - 1]}` : `$${v}`;
    return { start: e.start, end: e.end, newText };
  }
  if (e.kind === 'string') return { start: e.start, end: e.end, newText: `${text[e.start]}${value}${text[e.end - 1]}` };
  if (e.kind === 'word') return { start: e.start, end: e.end, newText: value };
  return undefined;
}

/** `'name'`, quoted for a PowerShell single-quoted string */
export function quote(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** "web01", "web01 and web02", or "the VMs of this command" */
export function vmsLabel(vms: string[] | undefined): string {
  if (!vms || vms.length === 0) return 'the VMs this command selects';
  return vms.length === 1 ? `VM ${vms[0]}` : `VMs ${vms.slice(0, -1).join(', ')} and ${vms[vms.length - 1]}`;
}

import type { Rule } from '../../engine/types';
import type { PveLxcModel } from '../../formats/proxmox-lxc';
import { lxcApparmorUnconfined } from './apparmor-unconfined';
import { lxcBindSensitive } from './bind-sensitive';
import { lxcCapDrop } from './cap-drop';
import { lxcDevicesAll } from './devices-all';
import { lxcMountAutoRw } from './mount-auto-rw';
import { lxcNestingPrivileged } from './nesting-privileged';
import { lxcPrivileged } from './privileged';

/** Proxmox VE container rules (`/etc/pve/lxc/<vmid>.conf`); NICs without firewall=1 are PVE-VM-NET-FIREWALL's, through the guest-NIC carrier. */
export const lxcRules: Rule<PveLxcModel>[] = [
  lxcPrivileged,
  lxcNestingPrivileged,
  lxcApparmorUnconfined,
  lxcDevicesAll,
  lxcCapDrop,
  lxcBindSensitive,
  lxcMountAutoRw,
];

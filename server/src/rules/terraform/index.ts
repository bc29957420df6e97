import type { Rule } from '../../engine/types';
import { tfDpgSecurity } from './dpg-security';
import { tfHypervNic } from './hyperv-nic';
import { tfHypervVm } from './hyperv-vm';
import { tfLibvirtGraphics } from './libvirt-graphics';
import { tfNetPromisc } from './net-promisc';
import { tfPackerHttpBind } from './packer-http-bind';
import { tfPackerVnc } from './packer-vnc';
import { tfPermExternalAdmin } from './perm-external-admin';
import { tfProviderCreds } from './provider-creds';
import { tfPveArgsVnc } from './pve-args-vnc';
import { tfPveLxcPrivileged } from './pve-lxc-privileged';
import { tfPveNetFirewall } from './pve-net-firewall';
import { tfTlsNoverify } from './tls-noverify';
import { tfVssInsecureDefaults } from './vss-insecure-defaults';

/** Terraform and Packer rules: provider and builder settings, and the vSphere carriers' policy and grant checks. */
export const terraformRules: Rule<any>[] = [
  tfTlsNoverify,
  tfProviderCreds,
  tfVssInsecureDefaults,
  tfNetPromisc,
  tfDpgSecurity,
  tfPermExternalAdmin,
  tfPveArgsVnc,
  tfPveNetFirewall,
  tfPveLxcPrivileged,
  tfLibvirtGraphics,
  tfHypervNic,
  tfHypervVm,
  tfPackerVnc,
  tfPackerHttpBind,
];

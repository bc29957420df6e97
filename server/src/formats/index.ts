import type { Format } from '../engine/types';
import { esxConfFormat } from './esxconf';
import { packerFormat, terraformFormat } from './hcl';
import { ansibleFormat } from './ansible';
import { ansibleVarsFormat } from './ansible-vars';
import { interfacesFormat } from './interfaces';
import { libvirtdConfFormat, qemuConfFormat } from './libvirt-conf';
import { libvirtDomainFormat, libvirtNetworkFormat, libvirtOtherFormat } from './libvirt-xml';
import { netplanFormat } from './netplan';
import { ovsShellFormat } from './ovs';
import { ovsdbFormat } from './ovsdb';
import { hypervSnapshotFormat } from './hyperv-snapshot';
import { hyperVFormat } from './powershell';
import { dpkgStatusFormat } from './dpkg-status';
import { pveDatacenterFormat } from './proxmox-datacenter';
import { pveFirewallFormat } from './proxmox-firewall';
import { pveLxcFormat } from './proxmox-lxc';
import { pveProxyFormat } from './proxmox-pveproxy';
import { pveUserFormat } from './proxmox-user';
import { pveVmFormat } from './proxmox-vm';
import { vmxFormat } from './vmx';
import { vsphereSnapshotFormat } from './vsphere-snapshot';

/** Every format vharden reads, in detection order (more specific first). */
export const FORMATS: Format<any>[] = [
  vmxFormat,
  esxConfFormat,
  vsphereSnapshotFormat,
  hypervSnapshotFormat,
  pveVmFormat,
  pveLxcFormat,
  pveUserFormat,
  pveFirewallFormat,
  pveDatacenterFormat,
  pveProxyFormat,
  libvirtdConfFormat,
  qemuConfFormat,
  libvirtDomainFormat,
  libvirtNetworkFormat,
  libvirtOtherFormat,
  interfacesFormat,
  ovsdbFormat,
  dpkgStatusFormat,
  ansibleVarsFormat,
  ansibleFormat,
  terraformFormat,
  packerFormat,
  netplanFormat,
  ovsShellFormat,
  hyperVFormat,
];

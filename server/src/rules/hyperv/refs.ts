import { doc } from '../refs';

const MODULE = 'Microsoft Learn (Hyper-V PowerShell module)';
export const HV_SECURITY = doc('Microsoft Learn', 'Plan for Hyper-V security in Windows Server', 'https://learn.microsoft.com/windows-server/virtualization/hyper-v/plan/plan-hyper-v-security-in-windows-server');
export const SET_VMNETWORKADAPTER = doc(MODULE, 'Set-VMNetworkAdapter (-MacAddressSpoofing, -DhcpGuard, -RouterGuard, -PortMirroring)', 'https://learn.microsoft.com/powershell/module/hyper-v/set-vmnetworkadapter');
export const PORT_SECURITY_WMI = doc('Microsoft Learn (Hyper-V WMI)', 'Msvm_EthernetSwitchPortSecuritySettingData: AllowMacSpoofing, EnableDhcpGuard, EnableRouterGuard, MonitorMode (defaults off)', 'https://learn.microsoft.com/windows/win32/hyperv_v2/msvm-ethernetswitchportsecuritysettingdata');
export const NEW_VMSWITCH = doc(MODULE, 'New-VMSwitch (-AllowManagementOS, -NetAdapterName, -SwitchType)', 'https://learn.microsoft.com/powershell/module/hyper-v/new-vmswitch');
export const SET_VMFIRMWARE = doc(MODULE, 'Set-VMFirmware (-EnableSecureBoot, -SecureBootTemplate)', 'https://learn.microsoft.com/powershell/module/hyper-v/set-vmfirmware');
export const SET_VMHOST = doc(MODULE, 'Set-VMHost (-VirtualMachineMigrationAuthenticationType)', 'https://learn.microsoft.com/powershell/module/hyper-v/set-vmhost');
export const LIVE_MIGRATION = doc('Microsoft Learn', 'Set up hosts for live migration without Failover Clustering (Kerberos constrained delegation)', 'https://learn.microsoft.com/windows-server/virtualization/hyper-v/deploy/set-up-hosts-for-live-migration-without-failover-clustering');
export const HYPERVDSC = doc('HyperVDsc (DSC Community)', 'VMSwitch, VMHyperV, VMNetworkAdapter, VMNetworkAdapterSettings, VMHost resources');

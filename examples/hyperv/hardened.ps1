#Requires -RunAsAdministrator
# The same web tier, hardened: a guest switch the host does not share, guards on, Secure Boot with
# the UEFI CA template for Linux, Kerberos live migration, and a sensor VM receiving a mirror.
New-VMSwitch -Name 'Guests' -NetAdapterName 'Ethernet 3' -AllowManagementOS $false

$common = @{ Generation = 2; MemoryStartupBytes = 4GB; SwitchName = 'Guests' }
New-VM -Name 'app01' @common -NoVHD
New-VM -Name 'app02' @common -NoVHD
New-VM -Name 'ids01' @common -NoVHD

Set-VMNetworkAdapter -VMName 'app01', 'app02' -DhcpGuard On -RouterGuard On -MacAddressSpoofing Off -PortMirroring Source
Set-VMNetworkAdapter -VMName 'ids01' -DhcpGuard On -RouterGuard On -PortMirroring Destination
Set-VMFirmware -VMName 'app01' -EnableSecureBoot On -SecureBootTemplate MicrosoftUEFICertificateAuthority

Set-VMHost -VirtualMachineMigrationAuthenticationType Kerberos

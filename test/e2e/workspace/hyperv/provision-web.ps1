# e2e: a Hyper-V provisioning script with weak adapter and host settings
New-VM -Name 'web01' -Generation 2 -SwitchName 'Internal'
Set-VMNetworkAdapter -VMName 'web01' -MacAddressSpoofing On
Set-VMNetworkAdapter -VMName 'web01' -DhcpGuard Off
Set-VMHost -VirtualMachineMigrationAuthenticationType CredSSP

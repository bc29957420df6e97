#Requires -RunAsAdministrator
#Requires -Modules Hyper-V
<#
    Provision a small web tier on a stand-alone Hyper-V host.
    Example input for vharden: run `vharden scan examples/hyperv`.
#>
param(
    [string]$VhdRoot = 'D:\Hyper-V\Virtual Hard Disks'
)

$ErrorActionPreference = 'Stop'

# One external switch for guests and the host
New-VMSwitch -Name 'Production' -NetAdapterName 'Ethernet 2'

$common = @{
    Generation         = 2
    MemoryStartupBytes = 4GB
    SwitchName         = 'Production'
}

foreach ($name in 'web01', 'web02') {
    New-VM -Name $name @common -NewVHDPath (Join-Path $VhdRoot "$name.vhdx") -NewVHDSizeBytes 60GB
}

New-VM -Name 'web03' @common -NoVHD
New-VM -Name 'lb01' @common -NoVHD

# The load balancer uses NLB in unicast mode
Get-VM -Name 'lb01' | Set-VMNetworkAdapter -MacAddressSpoofing On

# Ubuntu guest: the default template refuses its boot loader
Set-VMFirmware -VMName 'web01' -EnableSecureBoot Off

# Live migration between the two hosts of the site
Enable-VMMigration
Set-VMHost -VirtualMachineMigrationAuthenticationType CredSSP -UseAnyNetworkForMigration $false

Start-VM -Name 'web01', 'lb01'

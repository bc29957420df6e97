#Requires -Version 5.1
<#
.SYNOPSIS
  Writes a read-only JSON snapshot of this Hyper-V host for vharden (format vharden-hyperv-snapshot,
  version 1; schemas/hyperv-snapshot.schema.json of the vharden package).

.DESCRIPTION
  Run it as an administrator (or a member of Hyper-V Administrators) on the Hyper-V host, in
  Windows PowerShell 5.1 or PowerShell 7, with the Hyper-V PowerShell module installed. It only
  reads: it calls Get-* cmdlets (Get-VMHost, Get-VMSwitch, Get-VM, Get-VMNetworkAdapter,
  Get-VMFirmware, Get-VMSecurity, Get-VMKeyProtector, Get-VMIntegrationService, Get-VMProcessor,
  Get-VMMigrationNetwork, Get-CimInstance Win32_OperatingSystem, Get-ItemProperty for the build's
  UBR, Get-LocalGroupMember for Hyper-V Administrators) and changes nothing. No secrets are written:
  of the key protector only whether one is present, of group members only names and kinds.
  What a cmdlet could not read is listed in "notCollected", and the rest is still written.

  Then scan the file: vharden scan HOST.hyperv.json

.PARAMETER OutFile
  Where to write the snapshot (UTF-8 without BOM). Without it the JSON goes to the output stream.

.EXAMPLE
  .\vharden-hyperv-inventory.ps1 -OutFile "$env:COMPUTERNAME.hyperv.json"
#>
[CmdletBinding()]
param(
  [string]$OutFile
)

$ErrorActionPreference = 'Stop'


function Get-VhardenHyperVResult {
  <# Calls the read-only cmdlets and returns their results, untouched, with what could not be read. #>
  $notCollected = [System.Collections.Generic.List[string]]::new()
  $read = {
    param([string]$What, [scriptblock]$Call)
    try {
      return , @(& $Call)
    } catch {
      $notCollected.Add("${What}: $($_.Exception.Message)")
      return $null
    }
  }

  $vmHost = Get-VMHost
  $os = & $read 'Get-CimInstance Win32_OperatingSystem' { Get-CimInstance -ClassName Win32_OperatingSystem }
  $current = & $read 'Get-ItemProperty (UBR)' { Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -Name 'UBR' }
  $networks = & $read 'Get-VMMigrationNetwork' { Get-VMMigrationNetwork }
  # S-1-5-32-578 is the local Hyper-V Administrators group in every language
  $admins = & $read 'Get-LocalGroupMember Hyper-V Administrators' { Get-LocalGroupMember -SID 'S-1-5-32-578' }
  $switches = @(Get-VMSwitch)
  $hostAdapters = & $read 'Get-VMNetworkAdapter -ManagementOS' { Get-VMNetworkAdapter -ManagementOS }

  $vms = @(foreach ($vm in @(Get-VM)) {
      $firmware = $null
      if ($vm.Generation -eq 2) { $firmware = & $read "Get-VMFirmware $($vm.Name)" { Get-VMFirmware -VM $vm } }
      $security = & $read "Get-VMSecurity $($vm.Name)" { Get-VMSecurity -VM $vm }
      $protector = & $read "Get-VMKeyProtector $($vm.Name)" { Get-VMKeyProtector -VM $vm }
      [pscustomobject]@{
        VM                  = $vm
        Firmware            = $firmware
        Security            = $security
        # presence only: the protector's bytes are never kept (an empty protector is 0,0,0,4);
        # ForEach-Object unrolls the byte array whether the cmdlet wrote it whole or byte by byte
        KeyProtectorPresent = if ($null -eq $protector) { $null } else { @($protector | ForEach-Object { $_ } | Where-Object { $_ -ne 0 }).Count -gt 1 }
        Processor           = & $read "Get-VMProcessor $($vm.Name)" { Get-VMProcessor -VM $vm }
        IntegrationServices = & $read "Get-VMIntegrationService $($vm.Name)" { Get-VMIntegrationService -VM $vm }
        NetworkAdapters     = & $read "Get-VMNetworkAdapter $($vm.Name)" { Get-VMNetworkAdapter -VM $vm }
      }
    })

  [pscustomobject]@{
    ComputerName      = $env:COMPUTERNAME
    PowerShell        = [string]$PSVersionTable.PSVersion
    VMHost            = $vmHost
    OperatingSystem   = if ($os) { $os[0] } else { $null }
    UBR               = if ($current) { $current[0].UBR } else { $null }
    MigrationNetworks = $networks
    Administrators    = $admins
    Switches          = $switches
    HostAdapters      = $hostAdapters
    VMs               = $vms
    NotCollected      = $notCollected.ToArray()
  }
}

function ConvertTo-VhardenText($Value) {
  <# An enum or other value as its name (ConvertTo-Json writes enums as numbers); $null stays $null. #>
  if ($null -eq $Value) { return $null }
  return [string]$Value
}

function ConvertTo-VhardenAdapter($Adapter) {
  [ordered]@{
    name               = ConvertTo-VhardenText $Adapter.Name
    switch             = ConvertTo-VhardenText $Adapter.SwitchName
    macAddressSpoofing = ConvertTo-VhardenText $Adapter.MacAddressSpoofing
    dhcpGuard          = ConvertTo-VhardenText $Adapter.DhcpGuard
    routerGuard        = ConvertTo-VhardenText $Adapter.RouterGuard
    portMirroring      = ConvertTo-VhardenText $Adapter.PortMirroringMode
  }
}

function ConvertTo-VhardenHyperVSnapshot {
  <#
    Builds the snapshot from the results of Get-VhardenHyperVResult. Pure: it reads only its
    arguments (plain values or recorded results work as well as live objects), so tests can feed it.
  #>
  param(
    [Parameter(Mandatory = $true)] $Result,
    [Parameter(Mandatory = $true)] [string]$CollectedAt
  )
  $h = $Result.VMHost
  $os = $Result.OperatingSystem
  $build = $null
  if ($os -and $null -ne $Result.UBR) { $build = '{0}.{1}' -f $os.Version, $Result.UBR }

  [ordered]@{
    format       = 'vharden-hyperv-snapshot'
    version      = 1
    collector    = 'vharden-hyperv-inventory.ps1 1'
    collectedAt  = $CollectedAt
    powershell   = $Result.PowerShell
    host         = [ordered]@{
      name                 = ConvertTo-VhardenText $Result.ComputerName
      os                   = if ($os) {
        [ordered]@{ product = ConvertTo-VhardenText $os.Caption; version = ConvertTo-VhardenText $os.Version; build = $build }
      } else { $null }
      enhancedSessionMode  = [bool]$h.EnableEnhancedSessionMode
      migration            = [ordered]@{
        enabled            = [bool]$h.VirtualMachineMigrationEnabled
        authenticationType = ConvertTo-VhardenText $h.VirtualMachineMigrationAuthenticationType
        performanceOption  = ConvertTo-VhardenText $h.VirtualMachineMigrationPerformanceOption
        useAnyNetwork      = [bool]$h.UseAnyNetworkForMigration
        networks           = if ($null -eq $Result.MigrationNetworks) { $null } else {
          @(foreach ($n in $Result.MigrationNetworks) { [ordered]@{ subnet = ConvertTo-VhardenText $n.Subnet; priority = [int]$n.Priority } })
        }
      }
      hyperVAdministrators = if ($null -eq $Result.Administrators) { $null } else {
        @(foreach ($m in $Result.Administrators) {
            [ordered]@{ name = ConvertTo-VhardenText $m.Name; objectClass = ConvertTo-VhardenText $m.ObjectClass; principalSource = ConvertTo-VhardenText $m.PrincipalSource }
          })
      }
    }
    switches     = @(foreach ($s in $Result.Switches) {
        [ordered]@{
          name                           = ConvertTo-VhardenText $s.Name
          id                             = ConvertTo-VhardenText $s.Id
          switchType                     = ConvertTo-VhardenText $s.SwitchType
          allowManagementOS              = [bool]$s.AllowManagementOS
          netAdapterInterfaceDescription = ConvertTo-VhardenText $s.NetAdapterInterfaceDescription
        }
      })
    hostAdapters = @(foreach ($a in @($Result.HostAdapters)) { if ($null -ne $a) { ConvertTo-VhardenAdapter $a } })
    vms          = @(foreach ($v in $Result.VMs) {
        $vm = $v.VM
        [ordered]@{
          name                 = ConvertTo-VhardenText $vm.Name
          id                   = ConvertTo-VhardenText $vm.Id
          generation           = [int]$vm.Generation
          state                = ConvertTo-VhardenText $vm.State
          configurationVersion = ConvertTo-VhardenText $vm.Version
          firmware             = if ($v.Firmware) {
            [ordered]@{ secureBoot = ConvertTo-VhardenText $v.Firmware[0].SecureBoot; secureBootTemplate = ConvertTo-VhardenText $v.Firmware[0].SecureBootTemplate }
          } else { $null }
          security             = if ($v.Security) {
            [ordered]@{
              tpmEnabled                        = [bool]$v.Security[0].TpmEnabled
              shielded                          = [bool]$v.Security[0].Shielded
              encryptStateAndVmMigrationTraffic = [bool]$v.Security[0].EncryptStateAndVmMigrationTraffic
              keyProtectorPresent               = $v.KeyProtectorPresent
            }
          } else { $null }
          processor            = if ($v.Processor) {
            [ordered]@{ count = [int]$v.Processor[0].Count; exposeVirtualizationExtensions = [bool]$v.Processor[0].ExposeVirtualizationExtensions }
          } else { $null }
          integrationServices  = if ($null -eq $v.IntegrationServices) { $null } else {
            @(foreach ($i in $v.IntegrationServices) { [ordered]@{ name = ConvertTo-VhardenText $i.Name; id = ConvertTo-VhardenText $i.Id; enabled = [bool]$i.Enabled } })
          }
          networkAdapters      = if ($null -eq $v.NetworkAdapters) { $null } else {
            @(foreach ($a in $v.NetworkAdapters) { ConvertTo-VhardenAdapter $a })
          }
        }
      })
    notCollected = @($Result.NotCollected)
  }
}

# Dot-sourced (". .\vharden-hyperv-inventory.ps1"), it only defines the functions.
if ($MyInvocation.InvocationName -ne '.') {
  $result = Get-VhardenHyperVResult
  $snapshot = ConvertTo-VhardenHyperVSnapshot -Result $result -CollectedAt ([DateTime]::UtcNow.ToString('o'))
  $json = ConvertTo-Json -InputObject $snapshot -Depth 8
  if ($OutFile) {
    $path = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)
    [System.IO.File]::WriteAllText($path, $json, [System.Text.UTF8Encoding]::new($false))
    Write-Verbose "Snapshot written to $path"
  } else {
    Write-Output $json
  }
}

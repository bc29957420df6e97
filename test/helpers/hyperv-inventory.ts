/**
 * ConvertTo-VhardenHyperVSnapshot of resources/vharden-hyperv-inventory.ps1, member for member, for
 * recorded cmdlet results: pwsh is not available offline here, so the tests check the snapshot this
 * gives (test/fixtures/hyperv-inventory/expected.hyperv.json) against the schema and the format, and
 * that its member names are the ones the script writes.
 */
type Raw = Record<string, any>;

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const first = (v: unknown): Raw | undefined => (Array.isArray(v) ? v[0] : (v as Raw | undefined) ?? undefined);

function adapter(a: Raw): Raw {
  return { name: text(a.Name), switch: text(a.SwitchName), macAddressSpoofing: text(a.MacAddressSpoofing), dhcpGuard: text(a.DhcpGuard), routerGuard: text(a.RouterGuard), portMirroring: text(a.PortMirroringMode) };
}

export function snapshotOf(r: Raw, collectedAt: string): Raw {
  const h = r.VMHost ?? {};
  const os = r.OperatingSystem;
  const build = os && r.UBR !== null && r.UBR !== undefined ? `${os.Version}.${r.UBR}` : null;
  return {
    format: 'vharden-hyperv-snapshot',
    version: 1,
    collector: 'vharden-hyperv-inventory.ps1 1',
    collectedAt,
    powershell: r.PowerShell,
    host: {
      name: text(r.ComputerName),
      os: os ? { product: text(os.Caption), version: text(os.Version), build } : null,
      enhancedSessionMode: !!h.EnableEnhancedSessionMode,
      migration: {
        enabled: !!h.VirtualMachineMigrationEnabled,
        authenticationType: text(h.VirtualMachineMigrationAuthenticationType),
        performanceOption: text(h.VirtualMachineMigrationPerformanceOption),
        useAnyNetwork: !!h.UseAnyNetworkForMigration,
        networks: r.MigrationNetworks == null ? null : (r.MigrationNetworks as Raw[]).map((n) => ({ subnet: text(n.Subnet), priority: Number(n.Priority) })),
      },
      hyperVAdministrators: r.Administrators == null ? null : (r.Administrators as Raw[]).map((m) => ({ name: text(m.Name), objectClass: text(m.ObjectClass), principalSource: text(m.PrincipalSource) })),
    },
    switches: (r.Switches as Raw[]).map((s) => ({ name: text(s.Name), id: text(s.Id), switchType: text(s.SwitchType), allowManagementOS: !!s.AllowManagementOS, netAdapterInterfaceDescription: text(s.NetAdapterInterfaceDescription) })),
    hostAdapters: ((r.HostAdapters ?? []) as Raw[]).filter((a) => a != null).map(adapter),
    vms: (r.VMs as Raw[]).map((v) => {
      const vm = v.VM;
      const fw = first(v.Firmware);
      const sec = first(v.Security);
      const cpu = first(v.Processor);
      return {
        name: text(vm.Name),
        id: text(vm.Id),
        generation: Number(vm.Generation),
        state: text(vm.State),
        configurationVersion: text(vm.Version),
        firmware: fw ? { secureBoot: text(fw.SecureBoot), secureBootTemplate: text(fw.SecureBootTemplate) } : null,
        security: sec ? { tpmEnabled: !!sec.TpmEnabled, shielded: !!sec.Shielded, encryptStateAndVmMigrationTraffic: !!sec.EncryptStateAndVmMigrationTraffic, keyProtectorPresent: v.KeyProtectorPresent ?? null } : null,
        processor: cpu ? { count: Number(cpu.Count), exposeVirtualizationExtensions: !!cpu.ExposeVirtualizationExtensions } : null,
        integrationServices: v.IntegrationServices == null ? null : (v.IntegrationServices as Raw[]).map((i) => ({ name: text(i.Name), id: text(i.Id), enabled: !!i.Enabled })),
        networkAdapters: v.NetworkAdapters == null ? null : (v.NetworkAdapters as Raw[]).map(adapter),
      };
    }),
    notCollected: [...(r.NotCollected ?? [])],
  };
}

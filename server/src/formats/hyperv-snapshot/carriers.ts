/**
 * Carrier kind: the Windows build of a Hyper-V host, from a snapshot (`host.os` of
 * schemas/hyperv-snapshot.schema.json). Patch-level rules read it; scripts state no build, so only
 * the hyperv-snapshot format provides it.
 */
export const HYPERV_HOST_BUILD = 'hyperv-host-build';

export interface HypervHostBuild {
  /** Win32_OperatingSystem.Caption: `Microsoft Windows Server 2022 Datacenter` */
  product: string;
  /** CurrentMajor.Minor.Build.UBR: `10.0.20348.2227` */
  build: string;
  /** range of the build value in the snapshot */
  start: number;
  end: number;
}

/**
 * Carrier kind: the VMware Tools state a live system reports for a VM (Format.carriers / Rule.input).
 * Only live snapshots give it: a configuration file does not know whether the guest's Tools run.
 */
export const VM_TOOLS = 'vm-tools';

export interface ToolsValue {
  value: string;
  start: number;
  end: number;
  locator: string;
}

export interface VmTools {
  /** the VM's name, when the snapshot gives one */
  vm?: string;
  /** runtime.powerState (`poweredOn`, `poweredOff`, `suspended`), when recorded */
  powerState?: string;
  /** guest.toolsVersionStatus2 (`guestToolsNeedUpgrade`, `guestToolsUnmanaged`, …) */
  versionStatus?: ToolsValue;
  /** guest.toolsRunningStatus (`guestToolsRunning`, `guestToolsNotRunning`, …) */
  runningStatus?: ToolsValue;
}

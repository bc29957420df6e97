/**
 * One entry per supported format: the e2e suites (VS Code in code-server, Neovim's LSP client) run the
 * same checks on each. Adding a format = adding an insecure file under test/e2e/workspace/ and an entry.
 *
 * The file must have: a finding with a safe quick fix (`fix`), at least one more finding that fix-all
 * on save removes (`fixedOnSave`), and a finding whose only fix is guarded, which must stay (`staysOnSave`).
 */
export interface FormatCase {
  /** Format id, as in server/src/formats. */
  format: string;
  /** Path under test/e2e/workspace/, '/'-separated. */
  file: string;
  /** The quick fix applied by hand: rule id, 1-based line of its finding, exact title of the fix. */
  fix: { rule: string; line: number; title: string };
  /** Rule ids whose findings all disappear when the file is saved with source.fixAll.vharden on. */
  fixedOnSave: string[];
  /** Rule ids (guarded or no fix) whose findings remain after fix-all on save. */
  staysOnSave: string[];
  /** Substrings the file on disk contains after the quick fix and the save. */
  hardened: string[];
}

export const FORMATS: FormatCase[] = [
  {
    format: 'vmx',
    file: 'vmware/web01.vmx',
    fix: { rule: 'VMX-DEBUGSTUB-REMOTE', line: 12, title: 'Set debugStub.listen.guest64.remote to "FALSE"' },
    fixedOnSave: ['VMX-ISO-CLIPBOARD'],
    staysOnSave: ['VMX-CONSOLE-VNC'],
    hardened: ['debugStub.listen.guest64.remote = "FALSE"', 'isolation.tools.copy.disable = "TRUE"', 'RemoteDisplay.vnc.enabled = "TRUE"'],
  },
  {
    format: 'proxmox-vm',
    file: 'proxmox/etc/pve/qemu-server/110.conf',
    fix: { rule: 'PVE-VM-NET-FIREWALL', line: 7, title: 'Append ,firewall=1 to net0' },
    fixedOnSave: ['PVE-VM-NET-FIREWALL'],
    staysOnSave: ['PVE-VM-ARGS-VNC'],
    hardened: ['bridge=vmbr0,firewall=1', 'bridge=vmbr1,firewall=1', 'args: -vnc 0.0.0.0:12'],
  },
];

import type { Reference, Severity } from './types';

/** Diagnostics about the file itself rather than its security. Documented like rules, without a family. */
export interface ToolRuleMeta {
  tool: true;
  id: string;
  title: string;
  severity: Severity;
  risk: string;
  remedy: string;
  references: Reference[];
}

export const TOOL_RULES: ToolRuleMeta[] = [
  {
    tool: true,
    id: 'VH-PARSE-ERROR',
    title: 'Part of the file could not be read',
    severity: 'low',
    risk: 'vharden could not read this part of the file, so settings in it are not checked. The product that reads the file may also ignore or reject it.',
    remedy: 'Fix the syntax at the reported position. vharden keeps checking the rest of the file.',
    references: [],
  },
  {
    tool: true,
    id: 'VH-DUPLICATE-KEY',
    title: 'Setting given more than once',
    severity: 'low',
    risk: 'The same key appears twice; the product uses only one of them (for .vmx files, the last). A reviewer who reads the first occurrence sees a value that is not in effect.',
    remedy: 'Delete the overridden line. The quick fix does that; it does not change the effective configuration.',
    references: [],
  },
  {
    tool: true,
    id: 'VH-UNUSED-SUPPRESSION',
    title: 'Suppression comment suppresses nothing',
    severity: 'low',
    risk: 'A vharden-ignore comment that matches no finding is stale or misplaced: it may have been meant for another line, or names a rule that does not exist. Auditors read such comments as waivers. One that holds a bidirectional control character (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C) is also reported and suppresses nothing: editors and code review show the text after it reordered, so a waiver can pass review looking like noise (Trojan Source, CVE-2021-42574).',
    remedy: 'Move the comment to the line above the finding, correct the rule id, delete the bidirectional control character, or delete the comment.',
    references: [],
  },
  {
    tool: true,
    id: 'VH-SUPPRESSION-NO-REASON',
    title: 'Suppression comment without a reason',
    severity: 'low',
    risk: 'A vharden-ignore comment with no reason is a waiver nobody can review: reports list it as "no reason given", and a reviewer cannot tell an accepted risk from a finding silenced to pass CI. A file-wide wildcard (`vharden-ignore-file *`, `vharden-ignore-file VMX-*`) without a reason would silence every current and future finding of the file, so it suppresses nothing until it has one.',
    remedy: 'Add the reason after `--` (in XML after a colon): `# vharden-ignore VMX-ISO-USB -- smart-card reader passthrough`. Prefer naming the rule ids over a wildcard.',
    references: [],
  },
  {
    tool: true,
    id: 'VH-TOO-MANY-FINDINGS',
    title: 'More findings than listed',
    severity: 'info',
    risk: 'A file had more findings than vharden lists for one file (1,000; and at most 100 parse errors, duplicate keys or unused suppressions each, with one "N more" line for the rest), or defined more switches, ports or mirrors than the cross-file checks take from one file (10,000 each). The most severe findings are listed; this one counts the others by rule and carries the severity of the worst of them, so a gate on severity still sees them.',
    remedy: 'Fix the listed findings, or the malformed part of the file, and scan again: the findings that were left out are listed once the file has fewer.',
    references: [],
  },
  {
    tool: true,
    id: 'VH-FILE-SKIPPED',
    title: 'File not checked',
    severity: 'medium',
    risk: 'The file was not checked: it is larger than the configured limit, is binary (holds NUL bytes), or (in the editor) checking it took longer than the configured time limit. Nothing in it is reported, so a file made unreadable on purpose (one NUL byte, a 5 MB comment) would hide every setting in it. That is why this is `medium` and fails the default `--fail-on low` gate.',
    remedy: 'Remove the binary content, or raise the size limit (`vharden.maxFileSize` / `--max-file-size`) or the editor\'s time limit (`vharden.maxFileTimeMs`) if the file is a real configuration file, or exclude it (`ignore:` in `.vharden.yaml`). To accept unchecked files in CI, lower the rule like any other: `rules: { VH-FILE-SKIPPED: info }` or `--rule VH-FILE-SKIPPED=info`.',
    references: [],
  },
  {
    tool: true,
    id: 'VH-CONFIG',
    title: 'Invalid .vharden.yaml',
    severity: 'high',
    risk: 'The project configuration file has an error (YAML syntax, an unknown key or rule id, a wrong type). A configuration with errors is not used at all, so the files it governs are checked with defaults and editor settings: rules it turns off report, and policy values it sets (sensors, management networks) are missing.',
    remedy: 'Fix the error at the reported line and column. `vharden scan` refuses an invalid configuration with exit code 2 and the same position.',
    references: [],
  },
  {
    tool: true,
    id: 'VH-SNAPSHOT-INSECURE',
    title: 'Snapshot collected without verifying the server certificate',
    severity: 'medium',
    risk: 'The snapshot of a live vCenter or ESXi host was collected with `--insecure`: the TLS certificate of the server was not checked, so a machine in the path could have answered in its place. Its findings (and the absence of findings) may describe an impostor, and the credentials sent to log in may have reached it.',
    remedy: 'Collect again with the server\'s CA certificate (`--ca FILE`, for vCenter the VMCA root from `https://<vcenter>/certs/download.zip`) or a certificate the system trusts, and change the password if the network was not trusted.',
    references: [],
  },
  {
    tool: true,
    id: 'VH-NOT-COLLECTED',
    title: 'Part of a live system was not collected',
    severity: 'info',
    risk: 'The collector could not read part of the live system (a permission was missing, the API does not offer it, or the call failed), so the rules that need it did not check it. Nothing is reported there, which is not the same as nothing being wrong.',
    remedy: 'Give the collecting account the privileges listed in the README ("Live scans"), or read the message for what was left out, and collect again.',
    references: [],
  },
  {
    tool: true,
    id: 'VH-DATA-STALE',
    title: 'Patch-level data more than 90 days old',
    severity: 'low',
    risk: 'The patch-level rules judge versions and guest operating systems with data files: VMware advisories, guest OS end-of-support dates, Proxmox VE and Windows Server end of life, and Debian fixed versions. They are dated. Data more than 90 days old misses the advisories and end dates published since, so a vulnerable build or an unsupported guest can pass without a finding: old data fails quietly. This finding is on each file whose findings depended on such data, and names the data and its date.',
    remedy: 'Install a newer data bundle: `vharden advisories update --from DIR` (a folder with advisories.json, guest-os.json and hypervisors.json, and a SHA256SUMS file when it came with one), or update vharden. The bundle is checked against the schemas in schemas/data/ and installed in your data folder ($XDG_DATA_HOME/vharden/data, by default ~/.local/share/vharden/data); scans and the language server use it while it is newer than the bundled data. `--advisories FILE` and vharden.advisoriesFile replace the advisories data too. To accept old data in CI, lower the rule: `rules: { VH-DATA-STALE: info }`.',
    references: [],
  },
  {
    tool: true,
    id: 'VH-RULE-ERROR',
    title: 'A rule failed on this file',
    severity: 'low',
    risk: 'A vharden rule stopped with an internal error on this file, so what it checks is not reported here. Other rules still ran.',
    remedy: 'Please report the file shape (not its secrets) to the vharden maintainers.',
    references: [],
  },
];

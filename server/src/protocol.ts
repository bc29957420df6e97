/**
 * The messages vharden's VS Code client and language server exchange beyond plain LSP: request
 * and notification names, command ids and payload shapes. Both sides import this module, so a
 * name is written once. Types only and string constants: no code runs here.
 */
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { ReportFinding, ReportModel } from './report/model';

export type { ReportFinding, ReportModel };

/** Code action kind of "apply every safe fix" (also offered for `source.fixAll`). */
export const FIX_ALL_KIND = 'source.fixAll.vharden';

/** Server command: open a rule's documentation (`arguments: [ShowDocumentationArgs]`); the VS Code client handles it itself. */
export const SHOW_DOCS_COMMAND = 'vharden.showDocumentation';
export interface ShowDocumentationArgs {
  ruleId: string;
  /** severity of the finding the user looked at, when it differs from the rule's default */
  severity?: string;
  /** the rule's default severity */
  defaultSeverity?: string;
  /** why the severity differs (settings, profile, context) */
  why?: string;
}

/** Client command: insert a suppression comment as a snippet with the reason selected (`arguments: [InsertSuppressionArgs]`). */
export const INSERT_SUPPRESSION_COMMAND = 'vharden.insertSuppression';
export interface InsertSuppressionArgs {
  uri: string;
  /** document version the position refers to */
  version: number;
  line: number;
  character: number;
  /** snippet text (`${1:reason}` placeholders) */
  snippet: string;
}

/** What the VS Code client sends in `initializationOptions`. */
export interface InitializationOptions {
  settings?: unknown;
  /** the workspace is trusted (VS Code workspace trust); absent: trusted */
  trusted?: boolean;
  /**
   * Commands the client runs itself (SHOW_DOCS_COMMAND rendered in the editor, INSERT_SUPPRESSION_COMMAND
   * as a snippet); the server runs the others and offers suppressions as plain edits without the latter.
   */
  clientCommands?: string[];
}

/** Notification (client → server) when the workspace trust changes: `TrustParams`. */
export const TRUST_NOTIFICATION = 'vharden/trust';
export interface TrustParams {
  trusted: boolean;
}

/** Notification (server → client) after each publish of an open document. */
export const STATUS_NOTIFICATION = 'vharden/status';
export interface StatusParams {
  uri: string;
  /** findings shown in Problems for this document */
  findings: number;
  format: string | null;
  /** untrusted workspace: what the repository ships that was not applied (its baseline, loosening config entries) */
  restricted: string[];
  /** the data files the patch-level rules judge with: `name: date (source)` each */
  data?: string[];
}

export const SCAN_HOST_REQUEST = 'vharden/scanHost';
export interface ScanHostParams {
  /**
   * workspace: the workspace folders; machine: standard locations under /; folder: standard locations
   * under `path`; live: collect `live` into `path` (a new or empty folder), then scan that snapshot
   */
  target: 'workspace' | 'machine' | 'folder' | 'live';
  path?: string;
  live?: LiveSource;
  includeVmfs?: boolean;
  workDoneToken?: string | number;
}
/** A live system for `vharden collect` to read (the editor's Scan vCenter / ESXi…, libvirt Host…, Host over SSH…). */
export interface LiveSource {
  source: 'vsphere' | 'libvirt' | 'ssh';
  /** the server URL, libvirt URI or [user@]host */
  target?: string;
  /** the collector's options, as on the command line without dashes (`ca`, `insecure`, `port`, …) */
  flags?: Record<string, string | boolean>;
  /** credentials the client keeps in SecretStorage, given to the collector when it asks; never written */
  user?: string;
  password?: string;
}

export interface ScanHostResult {
  /** what the tree shows as the host: workspace, this machine's host name, or the folder's name */
  host: string;
  target: ScanHostParams['target'];
  root?: string;
  report: ReportModel;
  /** invalid `.vharden.yaml` files met */
  configErrors: string[];
  /** live: what the collector could not read, each a sentence */
  notCollected?: string[];
  /**
   * The scan's findings as diagnostics, per file. They are a collection of their own: the server never
   * publishes them with textDocument/publishDiagnostics, so a scan never replaces the editor's findings.
   */
  diagnostics: { uri: string; diagnostics: Diagnostic[] }[];
}

export const EXPORT_REPORT_REQUEST = 'vharden/exportReport';
export interface ExportReportParams {
  format: 'html' | 'markdown' | 'sarif';
  /** file system path to write */
  path: string;
}

/**
 * Write the findings of the last host scan to a baseline: the `vharden.baseline` file when set, else
 * `.vharden-baseline.json` in the scanned root (paths relative to the host root) or the first scanned folder.
 */
export const CREATE_BASELINE_REQUEST = 'vharden/createBaseline';
export interface CreateBaselineResult {
  /** file system path written */
  written: string;
  findings: number;
  entries: number;
  /** a baseline was there before and was replaced */
  replaced: boolean;
}

export const EFFECTIVE_CONFIG_REQUEST = 'vharden/effectiveConfig';
export interface EffectiveConfigParams {
  uri: string;
}

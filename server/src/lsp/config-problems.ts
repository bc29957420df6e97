import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, MessageType, ShowMessageNotification, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseConfigFile, type ConfigError } from '../engine/config-file';
import type { ConfigFileError } from '../node/config-search';
import { docsLink } from './docs-link';

/**
 * Problems of `.vharden.yaml` files: an open one is validated from its text as it is edited; one met
 * while resolving another file's settings gets its errors published on it and one window message,
 * and those are cleared once it is valid again.
 */
export class ConfigProblems {
  /** config files whose errors are published, with the message shown */
  private readonly shown = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
  ) {}

  /** Validate an open `.vharden.yaml` document from its text. */
  async validateOpen(doc: TextDocument): Promise<void> {
    const { errors } = parseConfigFile(doc.getText());
    await this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: errors.map(configDiagnostic) });
  }

  /** What resolving a file's settings said about its config file (an error, or valid). */
  note(file: string | undefined, error: ConfigFileError | undefined): void {
    if (!file) return;
    if (error) this.report(error);
    else if (this.shown.has(file)) {
      this.shown.delete(file);
      const uri = pathToFileURL(file).href;
      if (!this.documents.get(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  report(error: ConfigFileError): void {
    if (this.shown.get(error.file) === error.message) return;
    this.shown.set(error.file, error.message);
    const uri = pathToFileURL(error.file).href;
    if (!this.documents.get(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: error.errors.map(configDiagnostic) });
    const first = error.errors[0];
    const message = `vharden: ${error.file} is invalid and is not used: ${first?.message ?? ''} (line ${first?.line ?? 1}, column ${first?.column ?? 1})`;
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message });
  }
}

function configDiagnostic(e: ConfigError): Diagnostic {
  return {
    range: { start: { line: e.line - 1, character: e.column - 1 }, end: { line: e.endLine - 1, character: e.endColumn - 1 } },
    severity: DiagnosticSeverity.Error,
    source: 'vharden',
    code: 'VH-CONFIG',
    codeDescription: { href: docsLink('VH-CONFIG') },
    message: e.message,
  };
}

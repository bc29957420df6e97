import type { Connection } from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '../engine/config-file';
import { scopeOf } from '../engine/fabric';
import { Session, type FileSettings, type SessionInput } from '../engine/session';
import { toConfig, type ClientSettings } from './settings';
import { baseName } from './uri';

/**
 * The web worker's workspace: only the documents the editor has open (a browser host gives the worker
 * no file system), judged with the built-in defaults and the `vharden.*` settings; no `.vharden.yaml`,
 * baseline or advisories file is read. Open documents share cross-file scopes the way the CLI forms
 * them from paths (a host tree, else folders that hold one another).
 */
export class OpenDocumentsWorkspace {
  /** no folders are read: the workspace-wide fix of a rule is not offered */
  readonly folders: string[] = [];
  readonly session: Session;
  private settings: ClientSettings = {};
  private supportsConfiguration = false;

  constructor(
    private readonly connection: Connection,
    reread: (path: string) => SessionInput | undefined,
  ) {
    this.session = new Session((path) => this.settingsOf(path), { reread });
  }

  init(supportsConfiguration: boolean, initSettings: ClientSettings | undefined): void {
    this.supportsConfiguration = supportsConfiguration;
    this.settings = initSettings ?? {};
  }

  /** Fetch `vharden.*` again (or take the pushed ones, for clients without workspace/configuration). */
  async refresh(pushed?: ClientSettings): Promise<void> {
    if (pushed) this.settings = pushed;
    if (this.supportsConfiguration) {
      try {
        const s = (await this.connection.workspace.getConfiguration({ section: 'vharden' })) as ClientSettings | null;
        if (s) this.settings = s;
      } catch {
        /* keep the last settings */
      }
    }
    this.session.setSettingsSource((path) => this.settingsOf(path));
  }

  clientSettings(_path: string): ClientSettings {
    return this.settings;
  }

  settingsOf(path: string): FileSettings {
    return { config: toConfig(this.settings), ignored: this.settings.enable === false || baseName(path) === CONFIG_FILE_NAME, scope: scopeOf(path) };
  }
}

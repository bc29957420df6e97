import { statSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '../engine/config-file';
import { Session, type FileSettings, type SessionInput } from '../engine/session';
import { loadAdvisoriesFile } from '../node/advisories';
import { isInside } from '../node/config-search';
import { SettingsResolver, type ResolvedSettings } from '../node/settings-resolver';
import type { AdvisoryData } from '../rules/patch/advisories';
import { loadInstalledData, type DataSet } from '../node/data-store';
import { toOverrides, type ClientSettings } from './settings';

interface FolderState {
  folder: string | undefined;
  settings: ClientSettings;
  project: SettingsResolver;
}

/**
 * The editor's workspace: its folders, the `vharden.*` settings of each (fetched once per change,
 * not per keystroke), and the one Session that holds every file's findings. Settings of a file are
 * resolved here, synchronously, the same way as for the CLI (SettingsResolver): defaults, the nearest
 * `.vharden.yaml` up to the workspace folder, then settings; the baseline named by
 * `vharden.baseline` or the nearest `.vharden-baseline.json`.
 */
export class EditorWorkspace {
  folders: string[] = [];
  /**
   * Workspace trust (VS Code's, told by the client; other clients say nothing and are trusted).
   * Untrusted: a `.vharden-baseline.json` found in the workspace is not used, and `.vharden.yaml`
   * files apply only entries that tighten.
   */
  trusted = true;
  readonly session: Session;
  private states: FolderState[] = [];
  private fallback: FolderState = { folder: undefined, settings: {}, project: new SettingsResolver({ roots: [] }) };
  private supportsConfiguration = false;
  private initSettings: ClientSettings = {};
  private readonly advisoriesFiles = new Map<string, { mtimeMs: number; data: AdvisoryData | undefined }>();
  /** the data bundle installed with `vharden advisories update`, read at start and when settings change */
  installedData: DataSet = {};
  private readonly reportedData = new Set<string>();

  /** `reread`: a file's current text (its open document, else the file on disk), for the session's re-checks */
  constructor(
    private readonly connection: Connection,
    reread: (path: string) => SessionInput | undefined,
  ) {
    this.session = new Session((path) => this.settingsOf(path), { reread });
  }

  init(folders: string[], supportsConfiguration: boolean, initSettings: ClientSettings | undefined): void {
    this.folders = folders;
    this.supportsConfiguration = supportsConfiguration;
    this.initSettings = initSettings ?? {};
    this.rebuild(folders.map((folder) => ({ folder, settings: this.initSettings })), this.initSettings);
  }

  /** Settings pushed with didChangeConfiguration (clients without workspace/configuration). */
  pushed(settings: ClientSettings | undefined): void {
    if (settings) this.initSettings = settings;
  }

  /** Fetch the settings of every folder again and re-resolve everything from them. */
  async refresh(): Promise<void> {
    const fetch = async (folder: string | undefined): Promise<ClientSettings> => {
      if (!this.supportsConfiguration) return this.initSettings;
      try {
        const s = (await this.connection.workspace.getConfiguration({ scopeUri: folder ? pathToFileURL(folder).href : undefined, section: 'vharden' })) as ClientSettings | null;
        return s ?? this.initSettings;
      } catch {
        return this.initSettings;
      }
    };
    const perFolder = await Promise.all(this.folders.map(async (folder) => ({ folder, settings: await fetch(folder) })));
    this.rebuild(perFolder, await fetch(undefined));
    this.session.setSettingsSource((path) => this.settingsOf(path));
  }

  /** The `vharden.*` settings that apply to a path: its workspace folder's. */
  clientSettings(path: string): ClientSettings {
    return this.stateOf(path).settings;
  }

  /** Everything about a file's configuration, for the effective-configuration request and messages. */
  resolve(path: string): ResolvedSettings {
    return this.stateOf(path).project.forFile(path);
  }

  /** The settings the session lints a file with (not-enabled and `.vharden.yaml` itself: ignored). */
  settingsOf(path: string): FileSettings {
    const state = this.stateOf(path);
    const r = state.project.forFile(path);
    if (state.settings.enable === false || basename(path) === CONFIG_FILE_NAME) return { ...r, ignored: true };
    return r;
  }

  /** The workspace folder holding a path (deepest), if any. */
  folderOf(path: string): string | undefined {
    return this.stateOf(path).folder;
  }

  private stateOf(path: string): FolderState {
    let best: FolderState | undefined;
    for (const s of this.states) if (s.folder && isInside(path, s.folder) && (!best || s.folder.length > best.folder!.length)) best = s;
    return best ?? this.fallback;
  }

  private rebuild(perFolder: { folder: string; settings: ClientSettings }[], outside: ClientSettings): void {
    const installed = loadInstalledData();
    this.installedData = installed.data;
    for (const f of installed.files) {
      if (!f.problem || this.reportedData.has(f.problem)) continue;
      this.reportedData.add(f.problem);
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `vharden: ${f.problem}. Using the bundled ${f.file} instead.` });
    }
    const make = (folder: string | undefined, settings: ClientSettings): FolderState => ({
      folder,
      settings,
      project: new SettingsResolver({
        roots: this.folders,
        overrides: toOverrides(settings),
        baseline: { file: this.baselineFile(folder, settings), nearest: true },
        advisories: () => this.advisories(folder, settings),
        data: this.installedData,
        trusted: this.trusted,
      }),
    });
    this.states = perFolder.map((p) => make(p.folder, p.settings));
    this.fallback = make(undefined, outside);
  }

  /**
   * The `vharden.baseline` setting as a path, if set. VS Code withholds workspace values of this
   * restricted setting in Restricted Mode, so a value that arrives there is the user's own.
   */
  private baselineFile(folder: string | undefined, settings: ClientSettings): string | undefined {
    const set = typeof settings.baseline === 'string' ? settings.baseline.trim() : '';
    if (!set) return undefined;
    return isAbsolute(set) || !folder ? set : join(folder, set);
  }

  /** The advisories data named by `vharden.advisoriesFile` (reloaded when it changes); a bad file is reported once and the bundled data is used. */
  advisories(folder: string | undefined, settings: ClientSettings): AdvisoryData | undefined {
    const file = typeof settings.advisoriesFile === 'string' ? settings.advisoriesFile.trim() : '';
    if (!file) return undefined;
    const path = isAbsolute(file) || !(folder ?? this.folders[0]) ? file : join((folder ?? this.folders[0])!, file);
    let mtimeMs = -1;
    try {
      mtimeMs = statSync(path).mtimeMs;
    } catch {
      /* missing: loadAdvisoriesFile says so */
    }
    const cached = this.advisoriesFiles.get(path);
    if (cached && cached.mtimeMs === mtimeMs) return cached.data;
    const loaded = loadAdvisoriesFile(path);
    if ('error' in loaded) {
      this.advisoriesFiles.set(path, { mtimeMs, data: undefined });
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `vharden: ${loaded.error}. Using the bundled advisories data instead.` });
      return undefined;
    }
    this.advisoriesFiles.set(path, { mtimeMs, data: loaded.data });
    return loaded.data;
  }
}

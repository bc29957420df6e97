/**
 * Bundled data files (advisory lists, version tables) that rules read. Reports show each one's
 * date so an auditor knows how current the checks are. A data module registers itself once.
 */
export interface DataFileInfo {
  /** e.g. "ESXi advisories" */
  name: string;
  /** ISO date the data was last updated, e.g. "2026-11-01" */
  date: string;
  /** optional: where the data comes from */
  source?: string;
}

const registered: DataFileInfo[] = [];

export function registerDataFile(info: DataFileInfo): void {
  if (!registered.some((d) => d.name === info.name)) registered.push(info);
}

export function dataFiles(): readonly DataFileInfo[] {
  return registered;
}

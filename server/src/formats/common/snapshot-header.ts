import type { ToolDiagnostic } from '../../engine/types';
import { member, num, str, type JsonNode } from '../vsphere-snapshot/json';

/**
 * The `format` and `version` members every vharden snapshot starts with: a VH-PARSE-ERROR when the
 * root is no object, names another format, or has a version this vharden does not read.
 */
export function snapshotHeader(root: JsonNode | undefined, what: string, format: string, version: number): ToolDiagnostic[] {
  const out: ToolDiagnostic[] = [];
  const f = member(root, 'format');
  const v = member(root, 'version');
  if (root && root.kind !== 'object') out.push(problem(root.start, root.end, `A ${what} snapshot is a JSON object.`, 'snapshot:root'));
  else if (root && str(f) !== format) out.push(problem(f?.start ?? root.start, f?.end ?? root.start + 1, `This file has no "format": "${format}" member; it is read as one, but may be something else.`, 'snapshot:format'));
  if (root?.kind === 'object' && num(v) !== version) {
    const n = num(v);
    out.push(problem(v?.start ?? root.start, v?.end ?? root.start + 1, n !== undefined && n > version ? `Snapshot version ${n} is newer than this vharden reads (${version}): members it does not know are not checked. Update vharden.` : `The snapshot has no valid "version" (${version} is expected).`, 'snapshot:version'));
  }
  return out;
}

function problem(start: number, end: number, message: string, locator: string): ToolDiagnostic {
  return { code: 'VH-PARSE-ERROR', start, end, severity: 'low', message, locator };
}

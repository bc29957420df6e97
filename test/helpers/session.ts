import type { EffectiveConfig } from '../../server/src/engine/config';
import type { FileResult } from '../../server/src/engine/engine';
import type { Finding } from '../../server/src/engine/types';
import { scopeOf } from '../../server/src/engine/fabric';
import { Session } from '../../server/src/engine/session';

export interface TestInput {
  path: string;
  text: string;
  config: EffectiveConfig;
  formatId?: string;
  /** workspace folder or scan root the file was found under (decides its scope unless it is in a host tree) */
  root?: string;
}

/** Lint files together through one Session, as the CLI and the editor do; results in input order. */
export function lintTogether(inputs: TestInput[]): FileResult[] {
  const byPath = new Map(inputs.map((i) => [i.path, i]));
  const session = new Session(
    (path) => {
      const i = byPath.get(path)!;
      return { config: i.config, ignored: false, scope: scopeOf(path, i.root) };
    },
    { reread: (path) => byPath.get(path) },
  );
  session.batch(() => {
    for (const i of inputs) session.update({ path: i.path, text: i.text, formatId: i.formatId });
  });
  return inputs.map((i) => ({ ...session.ownResult(i.path)!, findings: session.findings(i.path) }));
}

/** A finding list as one string of what a client sees of each (rule, range, severity, suppression, message), for comparisons in tests. */
export function signature(list: readonly Finding[] | undefined): string {
  return (list ?? []).map((f) => `${f.ruleId}:${f.start}:${f.end}:${f.severity}:${f.suppressed ? 1 : 0}:${f.message}`).join('|');
}

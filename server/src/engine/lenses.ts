/**
 * Cross-file facts shown above a switch definition (code lens): how many guests sit on it, and
 * whether and where its traffic is mirrored, from the same linked fabric the cross-file rules judge.
 * Pure: facts in, positions and titles out.
 */
import type { ScopedFacts } from './cross-file';
import { linkFabric, type At, type FabricSwitch, type MirrorFact, type PortFact, type SwitchFact } from './fabric';

export interface FactLens {
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  title: string;
}

/** A lens for every switch defined in `path`, from the facts of the files linked with it. */
export function switchLenses(key: string, facts: readonly ScopedFacts[], path: string): FactLens[] {
  const switches: At<SwitchFact>[] = [];
  const ports: At<PortFact>[] = [];
  const mirrors: At<MirrorFact>[] = [];
  for (const f of facts) {
    for (const x of f.switches) switches.push(x);
    for (const x of f.ports) ports.push(x);
    for (const x of f.mirrors) mirrors.push(x);
  }
  const out: FactLens[] = [];
  for (const sw of linkFabric(key, switches, ports, mirrors).switches) {
    for (const d of sw.defs) {
      if (d.path !== path) continue;
      out.push({ line: d.line, character: d.character, endLine: d.endLine, endCharacter: d.endCharacter, title: switchTitle(sw) });
    }
  }
  return out.sort((a, b) => a.line - b.line || a.character - b.character);
}

/** "3 guests · not mirrored", "1 guest · mirrored to ids0". */
export function switchTitle(sw: FabricSwitch): string {
  // a guest is named by its id: "VM 100" for a tap device, "VM 100 (web)" from its own config
  const guests = new Set(sw.ports.filter((p) => p.role === 'guest').map((p) => (p.guest ? p.guest.replace(/ \([^()]*\)$/, '') : `${p.path}\0${p.name}`))).size;
  const to = [...new Set(sw.mirrors.map((m) => m.destination ?? m.outputPort ?? m.name ?? 'a session without output'))];
  const mirrored = to.length ? `mirrored to ${to.slice(0, 3).join(', ')}${to.length > 3 ? ` and ${to.length - 3} more` : ''}` : 'not mirrored';
  return `${guests} guest${guests === 1 ? '' : 's'} · ${mirrored}`;
}

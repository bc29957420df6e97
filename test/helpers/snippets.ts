import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Snippet bodies of a snippets file with every placeholder replaced by its default text. */
export function expandedSnippets(file: string): { name: string; text: string }[] {
  const snippets = JSON.parse(readFileSync(join(__dirname, '..', '..', 'snippets', file), 'utf8')) as Record<string, { body: string[] }>;
  return Object.entries(snippets).map(([name, s]) => ({
    name,
    text: s.body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '').replace(/\\\\/g, '\\') + '\n',
  }));
}

/** A task list wrapped into a complete playbook. */
export function asPlay(tasks: string): string {
  return `- hosts: localhost\n  gather_facts: false\n  tasks:\n${tasks.replace(/^(?=.)/gm, '    ')}`;
}

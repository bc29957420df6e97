import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/engine';
import { detectFormat, formatById } from '../server/src/catalog';

/** A snippet body with each placeholder replaced by its default (first choice), as VS Code inserts it. */
function expand(body: string[]): string {
  return body.join('\n').replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '') + '\n';
}

const ROOT = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const extension = readFileSync(join(ROOT, 'client', 'src', 'shared.ts'), 'utf8');

describe('libvirt VS Code contributions', () => {
  it('language ids equal the formats\' languageId and are in the client\'s LANGUAGES', () => {
    for (const id of ['libvirtd-conf', 'qemu-conf', 'libvirt-domain', 'libvirt-network', 'libvirt-other']) {
      const f = formatById(id)!;
      assert.ok(f, id);
      assert.match(extension, new RegExp(`LANGUAGES = \\[[^\\]]*'${f.languageId}'`), `${f.languageId} in LANGUAGES`);
      if (f.languageId !== 'xml') assert.ok(pkg.contributes.languages.some((l: { id: string }) => l.id === f.languageId), `${f.languageId} contributed`);
    }
    assert.ok(!pkg.contributes.languages.some((l: { id: string }) => l.id === 'xml'), 'XML stays VS Code\'s built-in language');
  });

  it('every contributed libvirt-conf file name is recognised by the parser\'s detection', () => {
    const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'libvirt-conf');
    for (const name of lang.filenames as string[]) assert.ok(detectFormat(`/etc/libvirt/${name}`), name);
    assert.equal(detectFormat('/etc/libvirt/qemu.conf')?.id, 'qemu-conf');
  });

  it('grammar and snippets are valid JSON and wired up', () => {
    for (const g of pkg.contributes.grammars.filter((x: { language: string }) => x.language === 'libvirt-conf')) {
      const grammar = JSON.parse(readFileSync(join(ROOT, g.path), 'utf8'));
      assert.equal(grammar.scopeName, g.scopeName);
    }
    for (const s of pkg.contributes.snippets.filter((x: { language: string }) => x.language === 'libvirt-conf' || x.language === 'xml')) {
      const snippets = JSON.parse(readFileSync(join(ROOT, s.path), 'utf8'));
      assert.ok(Object.keys(snippets).length > 0, s.path);
    }
  });

  it('the snippets, inserted with their defaults, produce no finding', () => {
    const conf = JSON.parse(readFileSync(join(ROOT, 'snippets', 'libvirt-conf.json'), 'utf8'));
    const daemon = expand(conf['TLS-only libvirt daemon'].body);
    assert.deepEqual(lintText({ path: '/etc/libvirt/libvirtd.conf', text: daemon, config: defaultConfig() }).findings.map((f) => f.ruleId), []);
    const xml = JSON.parse(readFileSync(join(ROOT, 'snippets', 'libvirt-xml.json'), 'utf8'));
    const graphics = expand(xml['Hardened libvirt graphics console'].body);
    const domain = `<domain type='kvm'>\n  <name>x</name>\n  <devices>\n${graphics}  </devices>\n</domain>\n`;
    assert.deepEqual(lintText({ path: '/etc/libvirt/qemu/x.xml', text: domain, config: defaultConfig() }).findings.map((f) => f.ruleId), []);
  });
});

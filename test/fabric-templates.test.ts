import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { lintTogether } from './helpers/session';
import { applyEdits } from '../server/src/engine/text';
import { parseOvsdb } from '../server/src/formats/ovsdb';
import { scanShell } from '../server/src/formats/ovs/shell';
import { makeDb, ovsMissing } from './helpers/ovsdb';

const FIXTURES = join(__dirname, 'fixtures', 'rules');

/** Lint fixture files as one project and return the text of `first` with the rule's template applied. */
function withTemplate(ruleId: string, files: string[]): string {
  const inputs = files.map((f) => ({ path: join(FIXTURES, ruleId, f), text: readFileSync(join(FIXTURES, ruleId, f), 'utf8'), config: defaultConfig(), root: 'fixture' }));
  const finding = lintTogether(inputs)[0]!.findings.find((f) => f.ruleId === ruleId)!;
  assert.ok(finding?.templates?.length, `${ruleId} offers a template`);
  return applyEdits(inputs[0]!.text, finding.templates![0]!.edits).text;
}

/** The template's lines, uncommented the way an admin would after reading the instruction line. */
function uncommented(text: string): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes('# vharden:'));
  const out: string[] = [];
  for (let i = at + 1; i < lines.length && /^\s*# /.test(lines[i]!); i++) out.push(lines[i]!.replace(/^(\s*)# /, '$1'));
  return out;
}

const ovsSkip = ovsMissing() ?? false;

describe('mirror templates work once completed', () => {
  it('ovs-vsctl template (shell script): run by the real ovs-vsctl, it creates a select-all mirror to the sensor port', { skip: ovsSkip }, async () => {
    const text = withTemplate('OVS-MIR-MISSING', ['bad/build-bridges.sh']);
    const [command] = uncommented(text);
    assert.match(command!, /^ovs-vsctl -- --id=@p get port SENSOR_PORT/);
    const words = scanShell(command!.replace('SENSOR_PORT', 'span0')).commands[0]!.words.slice(1).map((w) => w.value);
    const db = await makeDb([['add-br', 'br-srv'], ['add-port', 'br-srv', 'tap101i0'], ['add-port', 'br-srv', 'span0', '--', 'set', 'interface', 'span0', 'type=internal'], words]);
    try {
      const m = parseOvsdb(db.text).model.facts.mirrors;
      assert.deepEqual(m.map((x) => [x.switch, x.name, x.selectAll, x.outputPort]), [['br-srv', 'span-br-srv', true, 'span0']]);
    } finally {
      db.cleanup();
    }
  });

  it('ovs_extra template (/etc/network/interfaces): ifupdown\'s add-br with the extra creates the mirror', { skip: ovsSkip }, async () => {
    const text = withTemplate('OVS-MIR-MISSING', ['bad/host1/etc/network/interfaces', 'bad/host1/etc/network/if-up.d/guest-ports']);
    const [line] = uncommented(text);
    assert.match(line!, /^\s*ovs_extra -- --id=@p get port SENSOR_PORT/);
    // ifupdown runs: ovs-vsctl -- --may-exist add-br ${IFACE} ${OVS_OPTIONS} -- ${OVS_EXTRA}
    const extra = line!.trim().slice('ovs_extra '.length).replace('SENSOR_PORT', 'span0');
    const words = scanShell(extra, { IFACE: 'vmbr1' }).commands[0]!.words.map((w) => w.value);
    const db = await makeDb([['add-br', 'vmbr1', '--', 'add-port', 'vmbr1', 'span0', '--', 'set', 'interface', 'span0', 'type=internal'], ['--', '--may-exist', 'add-br', 'vmbr1', ...words]]);
    try {
      const m = parseOvsdb(db.text).model.facts.mirrors;
      assert.deepEqual(m.map((x) => [x.switch, x.selectAll, x.outputPort]), [['vmbr1', true, 'span0']]);
    } finally {
      db.cleanup();
    }
  });

  const ansibleMissing = spawnSync('ansible-playbook', ['--version'], { stdio: 'ignore' }).status !== 0;
  const cases: { ruleId: string; files: string[]; fill: (l: string) => string }[] = [
    { ruleId: 'ANS-MIR-DVS-NOSPAN', files: ['bad/etc/ansible/playbooks/network.yml', 'bad/etc/ansible/playbooks/vms.yml', 'bad/etc/vmware/db01.vmx'], fill: (l) => l.replace('SENSOR_VM', 'ids01').replace(/SOURCE_PORT_KEY/g, '"13"') },
    { ruleId: 'VSS-MIR-NO-SENSOR-PG', files: ['bad/etc/ansible/playbooks/esxi-network.yml'], fill: (l) => l.replace('SENSOR_PG', 'pg-sensor') },
  ];
  for (const c of cases) {
    it(`${c.ruleId} template (Ansible): the completed playbook passes ansible-playbook --syntax-check and clears the finding`, { skip: ansibleMissing && !process.env.CI ? 'ansible-playbook not installed; CI is not set' : false }, () => {
      const text = withTemplate(c.ruleId, c.files);
      const lines = text.split('\n');
      const at = lines.findIndex((l) => l.includes('# vharden:'));
      const rest = lines.slice(at + 1);
      const firstCode = rest.findIndex((l) => !/^\s*# /.test(l));
      const completed = [...lines.slice(0, at), ...uncommented(text).filter((l) => !l.trim().startsWith('(') && !/^\s*sees all traffic/.test(l)).map(c.fill), ...rest.slice(firstCode)].join('\n');
      assert.match(completed, /community\.vmware\.vmware_(vspan_session|portgroup):\n {8}hostname/);
      const dir = mkdtempSync(join(tmpdir(), 'vharden-vspan-'));
      try {
        writeFileSync(join(dir, 'play.yml'), completed);
        const r = spawnSync('ansible-playbook', ['--syntax-check', '-i', 'localhost,', join(dir, 'play.yml')], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' } });
        assert.equal(r.status, 0, r.stdout + r.stderr);
        const others = c.files.slice(1).map((f) => ({ path: join(dir, f.replace(/\//g, '_')), text: readFileSync(join(FIXTURES, c.ruleId, f), 'utf8'), config: defaultConfig(), root: dir }));
        const after = lintTogether([{ path: join(dir, 'play.yml'), text: completed, config: defaultConfig(), root: dir }, ...others]);
        assert.deepEqual(after.flatMap((x) => x.findings.filter((f) => f.ruleId === c.ruleId)), [], 'the completed template clears the finding');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { fixAll, lintText } from '../server/src/engine/engine';
import { detectFormat, formatForDocument } from '../server/src/catalog';
import { applyEdits } from '../server/src/engine/text';
import { parseAnsible } from '../server/src/formats/ansible';
import { asPlay, expandedSnippets } from './helpers/snippets';
import { cpuNow } from './helpers/cpu-time';

const PLAY = (tasks: string) => `- hosts: localhost\n  gather_facts: false\n  tasks:\n${tasks}`;
const lint = (text: string, path = 'site.yml', config = defaultConfig()) => lintText({ path, text, config });
const ids = (text: string, path?: string) => lint(text, path).findings.filter((f) => !f.suppressed).map((f) => f.ruleId);
const CORPUS = join(__dirname, '..', '..', 'shared', 'corpus');

describe('Ansible format: detection', () => {
  it('recognises FQCN and short module names in .yml/.yaml files only', () => {
    assert.equal(detectFormat('roles/esx/tasks/main.yml', '- community.vmware.vmware_host_ntp:\n    esxi_hostname: a\n')?.id, 'ansible');
    assert.equal(detectFormat('play.yaml', '- vmware_guest:\n    name: a\n')?.id, 'ansible');
    assert.equal(detectFormat('README.md', '- community.vmware.vmware_guest:\n')?.id, undefined);
  });

  it('recognises module names written quoted or with escapes, as Ansible reads them (a quoted key is the same key)', () => {
    const tasks = (module: string, option = 'service_name') => `- hosts: localhost\n  tasks:\n    - ${module}:\n        ${option}: TSM-SSH\n        'state': 'start'\n`;
    for (const text of [
      tasks('"community.vmware.vmware_host_service_manager"'),
      tasks("'vmware_host_service_manager'", '"service_name"'),
      tasks('"vmware_host_service\\u005fmanager"'),
      tasks('"community.vmware.vmware_host_service\\x5fmanager"', '"service\\x5fname"'),
    ]) {
      assert.equal(detectFormat('site.yml', text)?.id, 'ansible', text);
      assert.deepEqual(ids(text), ['ANS-SSH-SERVICE'], text);
    }
  });

  it('leaves YAML that only has vmware-like variable names alone', () => {
    const vars = 'vcenter_hostname: vc.example\nvmware_user: admin\nvsphere_datacenter: dc1\n';
    assert.equal(detectFormat('group_vars/all.yml', vars), undefined);
  });

  it('maps editor language ids yaml and ansible to the format only when the content matches', () => {
    const task = '- community.vmware.vmware_host_lockdown:\n    state: disabled\n';
    assert.equal(formatForDocument('ansible', 'untitled:Untitled-1', task)?.id, 'ansible');
    assert.equal(formatForDocument('yaml', '/w/site.yml', task)?.id, 'ansible');
    assert.equal(formatForDocument('yaml', '/w/deploy.yml', 'apiVersion: v1\nkind: Pod\n'), undefined);
    assert.equal(formatForDocument('ansible', '/w/site.yml', '- hosts: all\n  tasks:\n    - ping:\n'), undefined);
  });
});

describe('Ansible format: unrelated YAML produces no work and no findings', () => {
  const samples: Record<string, string> = {
    'deploy/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx\n      securityContext: { privileged: true }\n',
    '.github/workflows/ci.yml': 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n',
    'etc/netplan/01.yaml': 'network:\n  version: 2\n  ethernets:\n    eno1: { dhcp4: true }\n  bridges:\n    br0: { interfaces: [eno1] }\n',
    'broken.yml': 'key: [unclosed\n  - : :\n',
  };
  for (const [path, text] of Object.entries(samples)) {
    it(path, () => {
      // netplan is its own format (switch fabric); it must not be read as Ansible
      const expected = path.includes('netplan') ? 'netplan' : undefined;
      assert.equal(detectFormat(path, text)?.id, expected);
      const r = lintText({ path, text, config: defaultConfig() });
      assert.equal(r.format, expected);
      assert.deepEqual(r.findings, []);
    });
  }

  it('Kubernetes and netplan files from the corpus are not read', (t) => {
    if (!existsSync(CORPUS)) return t.skip(`no corpus at ${CORPUS}`);
    let n = 0;
    for (const dir of ['kubevirt-yaml', 'netplan-yaml']) {
      const root = join(CORPUS, dir);
      if (!existsSync(root)) continue;
      for (const repo of readdirSync(root)) {
        for (const f of readdirSync(join(root, repo)).slice(0, 15)) {
          const text = readFileSync(join(root, repo, f), 'utf8');
          const started = cpuNow();
          assert.notEqual(detectFormat(f, text)?.id, 'ansible', `${dir}/${f} is not Ansible`);
          assert.ok(cpuNow() - started < 50, 'detection is cheap');
          n++;
        }
      }
    }
    assert.ok(n > 0);
  });
});

describe('Ansible format: parsing', () => {
  it('reports YAML syntax errors as VH-PARSE-ERROR at their position', () => {
    const tab = lint(PLAY('    - community.vmware.vmware_host_lockdown:\n\tstate: disabled\n')).findings;
    assert.deepEqual([tab[0]?.ruleId, tab[0]?.line, tab[0]?.character], ['VH-PARSE-ERROR', 4, 0]);
    assert.match(tab[0]!.message, /Tabs are not allowed/);
    const indent = lint(PLAY('    - community.vmware.vmware_host_lockdown:\n        state: normal\n       esxi_hostname: a\n')).findings;
    assert.deepEqual(indent.map((f) => [f.ruleId, f.line + 1, f.character + 1]), [['VH-PARSE-ERROR', 6, 1]]);
  });

  it('finds tasks in plays, pre_tasks, post_tasks, handlers, blocks and role task files', () => {
    const text = `- hosts: esx\n  pre_tasks:\n    - vmware_host_lockdown: { state: disabled }\n  handlers:\n    - name: h\n      community.vmware.vmware_host_lockdown:\n        state: disabled\n  post_tasks:\n    - block:\n        - always:\n            - action:\n                module: community.vmware.vmware_host_lockdown\n                state: disabled\n`;
    const { model } = parseAnsible(text);
    assert.equal(model.tasks.length, 3);
    assert.deepEqual(ids(text), ['ANS-LOCKDOWN-DISABLED', 'ANS-LOCKDOWN-DISABLED', 'ANS-LOCKDOWN-DISABLED']);
    assert.deepEqual(ids('- community.vmware.vmware_host_lockdown:\n    state: disabled\n', 'roles/x/tasks/main.yml'), ['ANS-LOCKDOWN-DISABLED']);
  });

  it('reads `args:` and free-form `key=value` arguments', () => {
    assert.deepEqual(ids(PLAY('    - action: vmware_host_lockdown\n      args:\n        state: disabled\n')), ['ANS-LOCKDOWN-DISABLED']);
    assert.deepEqual(ids(PLAY('    - community.vmware.vmware_host_lockdown: state=disabled esxi_hostname=a\n')), ['ANS-LOCKDOWN-DISABLED']);
  });

  it('takes suppression comments from the YAML source', () => {
    const text = PLAY('    - community.vmware.vmware_host_service_manager:\n        service_name: TSM-SSH\n        state: start  # vharden-ignore ANS-SSH-SERVICE -- lab host, SSH needed for the kickstart\n');
    const [f] = lint(text).findings;
    assert.equal(f?.ruleId, 'ANS-SSH-SERVICE');
    assert.equal(f?.suppressed?.reason, 'lab host, SSH needed for the kickstart');
  });

  it('does not read comments inside quoted or block scalars', () => {
    const { comments } = parseAnsible('- name: "# not a comment"\n  shell: |\n    echo # nor this\n  # but this\n  vmware_guest: {}\n');
    assert.deepEqual(comments.map((c) => c.text), [' but this']);
  });
});

describe('Ansible service rules: fixes that end something people use are guarded', () => {
  const fixes = (service: string) => lint(PLAY(`    - vmware_host_service_manager:\n        service_name: ${service}\n        service_policy: on\n`)).findings.flatMap((f) => f.fixes ?? []);
  it('stopping SLP is safe; stopping the CIM server ends hardware monitoring through CIM, so --fix leaves it', () => {
    const slp = fixes('slpd');
    assert.equal(slp.length, 2);
    assert.ok(slp.every((f) => f.safety === 'safe' && !f.title.includes('guarded')), JSON.stringify(slp));
    const cim = fixes('sfcbd-watchdog');
    assert.equal(cim.length, 2);
    assert.ok(cim.every((f) => f.safety === 'guarded' && /\(guarded: hardware monitoring through CIM/.test(f.title)), JSON.stringify(cim));
    const fixed = fixAll({ path: 'site.yml', text: PLAY('    - vmware_host_service_manager:\n        service_name: sfcbd-watchdog\n'), config: defaultConfig() });
    assert.equal(fixed.text, PLAY('    - vmware_host_service_manager:\n        service_name: sfcbd-watchdog\n'));
  });
  it('cutting the host off its BMC is guarded (vendor tools use the link), in a task and in esx.conf, set or missing', () => {
    const bmc = (path: string, text: string) => lint(text, path).findings.filter((f) => f.ruleId === 'ESXADV-BMC-VNIC').flatMap((f) => f.fixes ?? []);
    const task = bmc('site.yml', PLAY("    - vmware_host_config_manager:\n        esxi_hostname: a\n        options:\n          'Net.BMCNetworkEnable': 1\n"));
    const set = bmc('etc/vmware/esx.conf', '/adv/Net/BMCNetworkEnable = "1"\n');
    const missing = bmc('etc/vmware/esx.conf', '/adv/Net/TcpipHeapMax = "512"\n');
    for (const fixes of [task, set, missing]) {
      assert.equal(fixes.length, 1, JSON.stringify(fixes));
      assert.equal(fixes[0]!.safety, 'guarded');
      assert.match(fixes[0]!.title, /\(guarded: vendor tools that reach the BMC through the host lose that link\)$/);
    }
  });
  it('stopping SSH says it ends remote shell access', () => {
    const ssh = fixes('TSM-SSH');
    assert.ok(ssh.length > 0 && ssh.every((f) => f.safety === 'guarded' && f.title.endsWith('(guarded: ends remote shell access to the host)')), JSON.stringify(ssh));
  });
});

describe('Ansible rules: defaults and templates', () => {
  it('an omitted service state is the module default "start"', () => {
    assert.deepEqual(ids(PLAY('    - vmware_host_service_manager:\n        service_name: TSM-SSH\n')), ['ANS-SSH-SERVICE']);
  });
  it('an omitted recursive is the module default true; object_type defaults to Folder', () => {
    assert.deepEqual(ids(PLAY('    - vmware_object_role_permission:\n        role: Admin\n        principal: a\n        object_name: rootFolder\n')), ['ANS-PERM-ADMIN-ROOT']);
  });
  it('an omitted lockdown state is the module default "normal"', () => {
    assert.deepEqual(ids(PLAY('    - vmware_host_lockdown:\n        esxi_hostname: a\n')), []);
  });
  it('templated values are never judged', () => {
    for (const body of [
      '    - vmware_host_service_manager:\n        service_name: "{{ svc }}"\n',
      '    - vmware_host_service_manager:\n        service_name: TSM-SSH\n        state: "{{ s }}"\n',
      '    - vmware_host_lockdown:\n        state: "{{ mode }}"\n',
      '    - vmware_object_role_permission:\n        role: Admin\n        principal: a\n        object_name: "{{ obj }}"\n',
      '    - vmware_host_config_manager:\n        esxi_hostname: a\n        options:\n          Config.HostAgent.plugins.solo.enableMob: "{{ mob }}"\n',
      '    - vmware_host_config_manager:\n        esxi_hostname: a\n        options: "{{ esxi_options }}"\n',
      '    - vmware_guest:\n        name: a\n        advanced_settings:\n          - { key: RemoteDisplay.vnc.enabled, value: "{{ vnc }}" }\n',
    ]) assert.deepEqual(ids(PLAY(body)), [], body);
  });
  it('arguments merged from an alias are unknown: defaults are not assumed', () => {
    const text = `- hosts: localhost\n  vars:\n    base: &base { service_name: TSM-SSH, state: stop }\n  tasks:\n    - vmware_host_service_manager:\n        <<: *base\n        esxi_hostname: a\n`;
    assert.deepEqual(ids(text), []);
  });
  it('a vSPAN destination listed in monitoring.authorizedSensors is accepted; globs work', () => {
    const text = PLAY('    - vmware_vspan_session:\n        switch: dvs\n        name: ids\n        state: present\n        destination_vm: { name: ids-sensor-01, nic_label: Network adapter 2 }\n');
    const config = defaultConfig();
    assert.deepEqual(lint(text, 'site.yml', config).findings.map((f) => f.ruleId), ['ANS-MIR-VSPAN-UNAUTH']);
    config.monitoring.authorizedSensors = ['ids-sensor-*'];
    assert.deepEqual(lint(text, 'site.yml', config).findings.map((f) => f.ruleId), []);
    config.monitoring.authorizedSensors = ['capture-01'];
    assert.match(lint(text, 'site.yml', config).findings[0]!.message, /not in monitoring\.authorizedSensors/);
  });
  it('privilege findings escalate when the role is granted with propagation at the root', () => {
    const role = '    - vmware_local_role_manager:\n        local_role_name: r\n        local_privilege_ids: [Sessions.ImpersonateUser]\n';
    assert.equal(lint(PLAY(role)).findings[0]?.severity, 'high');
    const grant = '    - vmware_object_role_permission:\n        role: r\n        group: g\n        object_name: rootFolder\n';
    assert.equal(lint(PLAY(role + grant)).findings[0]?.severity, 'critical');
  });
});

describe('Ansible fixes keep the file byte for byte outside the edit', () => {
  it('CRLF, comments, anchors and quoting survive fix-all', () => {
    const text = [
      '# site playbook',
      '- hosts: localhost  # all hosts',
      '  vars: { pg: &pg lab }',
      '  tasks:',
      "    - community.vmware.vmware_vswitch:   # storage",
      "        switch: 'vSwitch2'",
      '    - community.vmware.vmware_portgroup:',
      '        portgroup: *pg',
      '        security:',
      "          promiscuous_mode: yes   # was needed once",
      '    - community.vmware.vmware_host_config_manager:',
      '        options:',
      "          'UserVars.ESXiShellTimeOut': 0",
      '',
    ].join('\r\n');
    const { text: fixed } = fixAll({ path: 'site.yml', text, config: defaultConfig() });
    assert.ok(!/[^\r]\n/.test(fixed), 'only CRLF line breaks');
    assert.match(fixed, /promiscuous_mode: false   # was needed once\r\n/);
    assert.match(fixed, /switch: 'vSwitch2'\r\n {8}security: \{ promiscuous_mode: false, forged_transmits: false, mac_changes: false \}\r\n/);
    assert.match(fixed, /'UserVars\.ESXiShellTimeOut': 600\r\n/);
    assert.ok(fixed.includes("vars: { pg: &pg lab }") && fixed.includes("switch: 'vSwitch2'") && fixed.startsWith('# site playbook\r\n'));
    assert.deepEqual(lint(fixed).findings.map((f) => f.ruleId), []);
  });

  it('a fix on a free-form action string rewrites only the value word', () => {
    const text = PLAY('    - action: community.vmware.vmware_host_lockdown state=disabled esxi_hostname=a\n');
    const fix = lint(text).findings[0]!.fixes![0]!;
    assert.equal(applyEdits(text, fix.edits).text, text.replace('state=disabled', 'state=normal'));
  });
});

describe('Ansible format: bounded cost on hostile input', () => {
  it('a YAML alias bomb is not expanded', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 30; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const text = `${lines.join('\n')}\n- community.vmware.vmware_guest: { name: "*a29" }\n`;
    const started = cpuNow();
    const r = lint(text, 'bomb.yml');
    assert.ok(cpuNow() - started < 2000, 'fast');
    assert.ok(r.findings.length <= 5);
    const play = `- hosts: x\n  vars:\n${lines.map((l) => `    ${l}`).join('\n')}\n  tasks:\n    - vmware_guest:\n        name: "{{ a29 }}"\n        advanced_settings: *a29\n`;
    const started2 = cpuNow();
    lint(play, 'bomb2.yml');
    assert.ok(cpuNow() - started2 < 2000, 'alias as advanced_settings is not resolved');
  });

  it('a huge playbook is linted in bounded time', () => {
    const task = '    - community.vmware.vmware_host_service_manager:\n        esxi_hostname: "{{ h }}"\n        service_name: TSM-SSH\n        state: start\n';
    const text = PLAY(task.repeat(20000));
    assert.ok(text.length > 1_500_000);
    const started = cpuNow();
    const r = lint(text, 'huge.yml');
    assert.ok(cpuNow() - started < 15000, `took ${cpuNow() - started} ms`);
    // 1,000 findings listed, the rest counted by rule in one VH-TOO-MANY-FINDINGS
    const counted = Number(/(\d+) ANS-SSH-SERVICE/.exec(r.findings.find((f) => f.ruleId === 'VH-TOO-MANY-FINDINGS')?.message ?? '')?.[1] ?? 0);
    assert.equal(r.findings.filter((f) => f.ruleId === 'ANS-SSH-SERVICE').length + counted, 20000);
  });

  it('deeply nested blocks and flow collections neither crash nor hang', () => {
    let tasks = '- community.vmware.vmware_host_lockdown: { state: disabled }\n';
    for (let i = 0; i < 200; i++) tasks = `- block:\n${tasks.replace(/^/gm, '    ')}`;
    const started = cpuNow();
    const r = lint(tasks, 'deep.yml');
    assert.ok(cpuNow() - started < 5000);
    assert.ok(Array.isArray(r.findings));
    const flow = `- vmware_guest: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    assert.doesNotThrow(() => lint(flow, 'flow.yml'));
  });
});

describe('Ansible snippets', () => {
  for (const s of expandedSnippets('ansible-vmware.json')) {
    it(`"${s.name}" is a recognised community.vmware task with no findings`, () => {
      const text = asPlay(s.text);
      const r = lint(text, 'snippet.yml');
      assert.equal(r.format, 'ansible');
      assert.equal(parseAnsible(text).model.tasks.length, 1);
      assert.deepEqual(r.findings.map((f) => `${f.ruleId}: ${f.message}`), []);
    });
  }
});

describe('Ansible suppressions and duplicate keys', () => {
  it('a vharden-ignore comment above a task covers findings anywhere in that task', () => {
    const text = PLAY('    # vharden-ignore ANS-SSH-SERVICE -- kickstart host, SSH closed by the next play\n    - name: Open SSH\n      community.vmware.vmware_host_service_manager:\n        service_name: TSM-SSH\n        state: start\n    - community.vmware.vmware_host_service_manager:\n        service_name: TSM\n');
    const findings = lint(text).findings;
    assert.deepEqual(findings.map((f) => [f.ruleId, f.line + 1, !!f.suppressed]), [['ANS-SSH-SERVICE', 8, true], ['ANS-SSH-SERVICE', 10, false]]);
  });

  it('a duplicate option is VH-DUPLICATE-KEY and the last value counts, as in Ansible', () => {
    const text = PLAY('    - community.vmware.vmware_host_lockdown:\n        state: normal\n        state: disabled\n');
    const findings = lint(text).findings.map((f) => [f.ruleId, f.line + 1]);
    assert.deepEqual(findings, [['VH-DUPLICATE-KEY', 6], ['ANS-LOCKDOWN-DISABLED', 6]]);
  });

  it('vault and unsafe tags are not syntax errors', () => {
    const text = `- hosts: x\n  vars:\n    pw: !vault |\n      $ANSIBLE_VAULT;1.1;AES256\n      3132\n    u: !unsafe '{{ x }}'\n  tasks:\n    - vmware_host_lockdown:\n        state: normal\n`;
    assert.deepEqual(lint(text).findings, []);
  });
});

describe('VMX rules on vmware_guest.advanced_settings', () => {
  const guest = (items: string) => PLAY(`    - community.vmware.vmware_guest:\n        name: app01\n        advanced_settings:\n${items}`);
  const fixed = (text: string, ruleId: string) => {
    const f = lint(text).findings.find((x) => x.ruleId === ruleId);
    assert.ok(f?.fixes?.[0], `${ruleId} has a fix`);
    return applyEdits(text, f.fixes[0].edits).text;
  };

  it('adding a setting appends a list item in the same style', () => {
    const text = guest('          - key: serial0.fileType\n            value: network\n          - key: serial0.fileName\n            value: "telnet://:7001"\n');
    assert.equal(fixed(text, 'VMX-SERIAL-NET'), text + '          - key: "serial0.present"\n            value: "FALSE"\n');
    const flow = guest('          - { key: serial0.fileType, value: network }\n          - { key: serial0.fileName, value: "telnet://:7001" }\n');
    assert.equal(fixed(flow, 'VMX-SERIAL-NET'), flow + '          - { key: "serial0.present", value: "FALSE" }\n');
  });

  it('removing the only setting leaves an empty list; removing one of several deletes its lines', () => {
    const one = guest('          - key: sched.mem.pshare.salt\n            value: abc\n');
    assert.equal(fixed(one, 'VMX-ISO-TPS-SALT'), guest('          []\n'));
    const two = guest('          - key: sched.mem.pshare.salt   # shared with db02\n            value: abc\n          - key: isolation.tools.copy.disable\n            value: "TRUE"\n');
    assert.equal(fixed(two, 'VMX-ISO-TPS-SALT'), guest('          - key: isolation.tools.copy.disable\n            value: "TRUE"\n'));
  });

  it('keys are case-insensitive, the last duplicate wins, and absent keys are not reported', () => {
    const text = guest('          - key: remotedisplay.VNC.enabled\n            value: "FALSE"\n          - key: RemoteDisplay.vnc.enabled\n            value: "TRUE"\n');
    assert.deepEqual(lint(text).findings.map((f) => [f.ruleId, f.line + 1]), [['VMX-CONSOLE-VNC', 9]]);
  });
});

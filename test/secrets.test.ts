import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/engine';

// Reports travel (CI logs, SARIF uploads, tickets): no message may quote a password or token from the file.
const CASES: [string, string][] = [
  ['/x/a.vmx', 'config.version = "8"\nRemoteDisplay.vnc.password = "hunter2"\nRemoteDisplay.vnc.password = "s3cr3tpw"\n'],
  ['/x/etc/vmware/esx.conf', '/adv/UserVars/Password = "hunter2"\n/adv/UserVars/Password = "s3cr3tpw"\n'],
  ['/x/etc/libvirt/qemu.conf', 'vnc_password = "hunter2"\nvnc_password = "s3cr3tpw"\n'],
  ['/x/etc/pve/qemu-server/100.conf', 'name: a\ncipassword: hunter2\ncipassword: s3cr3tpw\n'],
];

describe('secrets never appear in messages', () => {
  for (const [path, text] of CASES) {
    it(path, () => {
      const findings = lintText({ path, text, config: defaultConfig() }).findings;
      assert.ok(findings.some((f) => f.ruleId === 'VH-DUPLICATE-KEY'), 'the duplicate is reported');
      for (const f of findings) assert.doesNotMatch(f.message, /hunter2|s3cr3tpw/, `${f.ruleId}: ${f.message}`);
    });
  }
});

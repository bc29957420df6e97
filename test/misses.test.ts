import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/engine';
import { sensitiveHostPath } from '../server/src/rules/host-paths';

/** Behaviour of the rules added for the misses of issue 12 that fixtures alone do not pin down. */

function findings(path: string, text: string, id: string) {
  return lintText({ path, text, config: defaultConfig() }).findings.filter((f) => f.ruleId === id);
}

describe('VMX-CONSOLE-VNC-PASSWD', () => {
  it('reports the password without ever showing it', () => {
    const text = 'config.version = "8"\nvirtualHW.version = "19"\ndisplayName = "kiosk"\nRemoteDisplay.vnc.enabled = "TRUE"\nRemoteDisplay.vnc.password = "S3cr3t-kiosk"\n';
    const hits = findings('kiosk.vmx', text, 'VMX-CONSOLE-VNC-PASSWD');
    assert.equal(hits.length, 1);
    assert.ok(!JSON.stringify(hits).includes('S3cr3t'), 'the value is not in the finding');
  });
});

describe('VMX-ISO-SHAREDFOLDER host paths', () => {
  it('drive roots and home folders', () => {
    for (const p of ['C:\\', 'c:', 'D:/', '/', '//']) assert.equal(sensitiveHostPath(p), 'drive root', p);
    for (const p of ['C:\\Users\\alice', 'C:\\Users\\alice\\', 'C:\\Users', '/home/bob', '/Users/carol/', '/root', '~', '%USERPROFILE%', '/var/home/dave']) assert.equal(sensitiveHostPath(p), 'home folder', p);
    for (const p of ['/etc', 'C:\\Windows']) assert.equal(sensitiveHostPath(p), 'system folder', p);
    for (const p of ['D:\\iso', '/home/bob/projects', 'C:\\Users\\alice\\Downloads\\share', '/srv/share', '']) assert.equal(sensitiveHostPath(p), undefined, p);
  });

  it('folders past sharedFolder.maxNum are ignored, as VMware ignores them', () => {
    const text = 'config.version = "8"\nvirtualHW.version = "19"\ndisplayName = "x"\nsharedFolder1.present = "TRUE"\nsharedFolder1.writeAccess = "TRUE"\nsharedFolder1.hostPath = "C:\\"\nsharedFolder.maxNum = "1"\n';
    assert.equal(findings('x.vmx', text, 'VMX-ISO-SHAREDFOLDER').length, 0);
  });
});

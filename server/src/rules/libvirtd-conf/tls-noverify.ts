import type { Rule } from '../../engine/types';
import { deleteEntry, type ConfModel } from '../../formats/libvirt-conf/parser';
import { LIBVIRT_REMOTE } from '../libvirt-refs';
import { flag, span, str } from './conf';

export const lvTlsNoVerify: Rule<ConfModel> = {
  meta: {
    id: 'LV-TLS-NOVERIFY',
    title: 'TLS client certificates not verified',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['libvirtd-conf'],
    risk: 'Client certificate verification is the authentication of libvirt\'s TLS socket (auth_tls defaults to "none" because the certificate is the credential). tls_no_verify_certificate = 1 turns it off: any client that completes a TLS handshake gets full management access to the hypervisor.',
    remedy: 'Issue client certificates from your CA, then delete tls_no_verify_certificate (verification is on by default) and restrict who may connect with tls_allowed_dn_list.',
    notes: 'Severity drops to medium when auth_tls = "sasl", because SASL still authenticates the client. The fix deletes the line, which restores libvirt\'s default (verify); it is guarded, because libvirt then refuses every client that does not present a certificate signed by the CA, which is often why the line was written.',
    references: [LIBVIRT_REMOTE],
  },
  check(m) {
    const e = m.get('tls_no_verify_certificate');
    if (!e || flag(e) !== 1) return [];
    const sasl = str(m.get('auth_tls'))?.trim().toLowerCase() === 'sasl';
    return [{
      ...span(e),
      severity: sasl ? 'medium' : 'high',
      locator: e.key,
      message: `tls_no_verify_certificate = 1: client certificates are not checked, so ${sasl ? 'only SASL' : 'nothing'} authenticates TLS clients of this daemon.`,
      fixes: [{ title: 'Delete tls_no_verify_certificate (guarded: clients without a certificate signed by the CA the daemon trusts can no longer connect)', safety: 'guarded', edits: deleteEntry(m, e) }],
    }];
  },
};

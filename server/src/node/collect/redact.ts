import { createHash } from 'node:crypto';
import { REDACTED } from '../../engine/redacted';
import { parseLibvirtConf } from '../../formats/libvirt-conf/parser';
import { scanXml, type XmlElement } from '../../formats/libvirt-xml/scanner';

/** Attribute names in libvirt XML whose value is a secret (`<graphics passwd=…>`). */
const XML_SECRET_ATTRS = new Set(['passwd']);
/** libvirt driver config keys whose value is a secret. */
const CONF_SECRET = /(^|_)(password|passwd|secret)$/;
/** OVSDB map keys whose value is a secret (Interface options:psk of IPsec tunnels). */
export const OVSDB_SECRET_KEY = /^(psk|.*(password|passwd|secret).*)$/i;

export type Redacted = { text: string; count: number } | { error: string };

function replaceRanges(text: string, ranges: [number, number][]): string {
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [s, e] of ranges) {
    out += text.slice(at, s) + REDACTED;
    at = e;
  }
  return out + text.slice(at);
}

/**
 * libvirt XML with every secret attribute value replaced by the marker. XML the scanner cannot read
 * cleanly is refused when it mentions a secret attribute at all (its value could hide in the damage).
 */
export function redactLibvirtXml(text: string): Redacted {
  const doc = scanXml(text);
  const ranges: [number, number][] = [];
  const stack: XmlElement[] = doc.root ? [doc.root] : [];
  while (stack.length) {
    const el = stack.pop()!;
    for (const a of el.attrs) if (XML_SECRET_ATTRS.has(a.name) && a.valueEnd > a.valueStart && a.value !== REDACTED) ranges.push([a.valueStart, a.valueEnd]);
    stack.push(...el.children);
  }
  if (doc.diagnostics.length > 0 && [...XML_SECRET_ATTRS].some((n) => text.includes(n))) return { error: 'its XML could not be read cleanly, so a console password in it could not be removed' };
  return { text: replaceRanges(text, ranges), count: ranges.length };
}

/** A libvirt `key = value` config (qemu.conf) with the values of `*_password` keys replaced. */
export function redactLibvirtConf(text: string): Redacted {
  const model = parseLibvirtConf(text, 'qemu-conf').model;
  const ranges: [number, number][] = [];
  for (const e of model.entries) {
    if (!CONF_SECRET.test(e.key) || e.value.kind !== 'string' || e.value.str === '' || e.value.str === REDACTED) continue;
    const q = e.value.quote!.length;
    ranges.push([e.value.start + q, e.value.end - q]);
  }
  // a secret key the parser did not read as a plain string (a list, an unclosed quote) is not written
  const unread = model.entries.some((e) => CONF_SECRET.test(e.key) && e.value.kind !== 'string');
  if (unread) return { error: 'a password setting in it could not be read, so it could not be removed' };
  return { text: replaceRanges(text, ranges), count: ranges.length };
}

/** A Proxmox VM config with the `cipassword:` value replaced (it may be a cleartext cloud-init password). */
export function redactProxmoxVm(text: string): Redacted {
  let count = 0;
  const out = text.replace(/^([ \t]*cipassword[ \t]*:[ \t]*)([^\r\n]*[^\s])/gm, (_all, head: string, value: string) => {
    if (value === REDACTED) return head + value;
    count++;
    return head + REDACTED;
  });
  return { text: out, count };
}

/** One record of an OVSDB log: `OVSDB JSON <bytes> <sha1>` then the JSON and its newline (both counted). */
export function ovsdbRecord(json: unknown): string {
  const body = Buffer.from(JSON.stringify(json) + '\n', 'utf8');
  return `OVSDB JSON ${body.length} ${createHash('sha1').update(body).digest('hex')}\n${body.toString('utf8')}`;
}

/** Replace secret values in OVSDB maps (`["map",[[k,v],…]]`) anywhere in a value; returns how many. */
export function redactOvsdbValue(v: unknown): number {
  if (!Array.isArray(v)) {
    if (v && typeof v === 'object') return Object.values(v).reduce<number>((n, x) => n + redactOvsdbValue(x), 0);
    return 0;
  }
  if (v[0] === 'map' && Array.isArray(v[1])) {
    let n = 0;
    for (const pair of v[1] as unknown[]) {
      if (Array.isArray(pair) && typeof pair[0] === 'string' && OVSDB_SECRET_KEY.test(pair[0]) && pair[1] !== REDACTED) {
        pair[1] = REDACTED;
        n++;
      }
    }
    return n;
  }
  return v.reduce<number>((n, x) => n + redactOvsdbValue(x), 0);
}

/**
 * An OVSDB log (conf.db) with secret map values replaced, records rewritten with new lengths and
 * checksums. Refused when a record cannot be read (a torn write, a clustered database): what it
 * holds could not be checked.
 */
export function redactOvsdbLog(text: string): Redacted {
  let out = '';
  let count = 0;
  let pos = 0;
  const bytes = Buffer.from(text, 'utf8');
  while (pos < bytes.length) {
    const nl = bytes.indexOf(0x0a, pos);
    if (nl < 0) return { error: 'its last record has no header line' };
    const header = /^OVSDB JSON (\d+) ([0-9a-f]{40})$/.exec(bytes.subarray(pos, nl).toString('latin1'));
    if (!header) return { error: 'it is not a standalone OVSDB log (a clustered database, or a damaged record)' };
    const length = Number(header[1]);
    const body = bytes.subarray(nl + 1, nl + 1 + length);
    if (body.length !== length || createHash('sha1').update(body).digest('hex') !== header[2]) return { error: 'a record does not match its length or checksum' };
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return { error: 'a record is not valid JSON' };
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) return { error: 'a record is not a JSON object' };
    let n = redactOvsdbValue(json);
    // ovs-vsctl records its command line in _comment: `options:psk=…` would be copied there
    const rec = json as { _comment?: unknown };
    if (typeof rec._comment === 'string' && /psk|passw|secret/i.test(rec._comment)) {
      rec._comment = REDACTED;
      n++;
    }
    count += n;
    out += n > 0 ? ovsdbRecord(json) : bytes.subarray(pos, nl + 1 + length).toString('utf8');
    pos = nl + 1 + length;
    while (pos < bytes.length && (bytes[pos] === 0x0a || bytes[pos] === 0x0d)) pos++;
  }
  return { text: out, count };
}

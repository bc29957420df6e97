import { request as httpRequest } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { scanXml, type XmlElement } from '../../../formats/libvirt-xml/scanner';

/**
 * A minimal vSphere SOAP client (vim25) over Node's own HTTP client: envelopes are written by hand,
 * responses are read with vharden's XML scanner (no entity expansion, no external resources). Only
 * the methods in READ_ONLY_METHODS can be sent: the collector reads and never changes anything.
 */

/** Every SOAP method the collector may call: logging in and out, and reading. */
export const READ_ONLY_METHODS: ReadonlySet<string> = new Set([
  'RetrieveServiceContent',
  'Login',
  'Logout',
  'RetrievePropertiesEx',
  'ContinueRetrievePropertiesEx',
  'RetrieveAllPermissions',
  'RetrieveEntityPermissions',
  'QueryLockdownExceptions',
]);

/** A response value: an element's text, type and children by (local) name. */
export interface X {
  type?: string;
  /** `type` attribute of a managed object reference */
  ref?: string;
  text: string;
  kids: Map<string, X[]>;
}

export function one(x: X | undefined, name: string): X | undefined {
  return x?.kids.get(name)?.[0];
}

export function all(x: X | undefined, name: string): X[] {
  return x?.kids.get(name) ?? [];
}

/** The text of a child, or of a path of children (`a.b.c`). */
export function text(x: X | undefined, path: string): string | undefined {
  let cur = x;
  for (const p of path.split('.')) cur = one(cur, p);
  return cur?.text;
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** vSphere data nests a few dozen levels at most; a deeper response is refused rather than followed. */
const MAX_DEPTH = 200;

function toX(el: XmlElement, depth = 0): X {
  if (depth > MAX_DEPTH) throw new Error(`the response nests elements more than ${MAX_DEPTH} deep`);
  const kids = new Map<string, X[]>();
  for (const c of el.children) {
    const k = localName(c.name);
    let list = kids.get(k);
    if (!list) kids.set(k, (list = []));
    list.push(toX(c, depth + 1));
  }
  const type = el.attrs.find((a) => localName(a.name) === 'type' && a.name !== 'type')?.value;
  const ref = el.attrs.find((a) => a.name === 'type')?.value;
  return { type: type ? localName(type) : undefined, ref, text: el.text, kids };
}

export class SoapFault extends Error {
  constructor(readonly method: string, readonly fault: string, message: string) {
    super(message);
  }
}

export interface Transport {
  /** POST a SOAP body; resolves with the status and the response text */
  post(body: string, soapAction: string): Promise<{ status: number; body: string }>;
}

export interface TlsOptions {
  /** PEM certificates to trust instead of the system's */
  ca?: string;
  /** do not verify the server's certificate */
  insecure: boolean;
}

/** How long one call may take: no byte for `idleMs`, or no complete answer within `totalMs`, is an error. */
export interface CallLimits {
  idleMs: number;
  totalMs: number;
}

const LIMITS: CallLimits = { idleMs: 120_000, totalMs: 600_000 };

/** The default transport: HTTPS (or plain HTTP for an `http:` URL) with the session cookie kept. */
export function httpTransport(url: URL, tls: TlsOptions, signal?: AbortSignal, limits: CallLimits = LIMITS): Transport {
  let cookie: string | undefined;
  const agent = url.protocol === 'https:' ? new Agent({ keepAlive: true, maxSockets: 1, ca: tls.ca, rejectUnauthorized: !tls.insecure }) : undefined;
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  return {
    post: (body, soapAction) =>
      new Promise((resolve, reject) => {
        const headers: Record<string, string | number> = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: soapAction, 'Content-Length': Buffer.byteLength(body) };
        if (cookie) headers.Cookie = cookie;
        const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
        const req = send(url, { method: 'POST', headers, agent, signal, timeout: limits.idleMs }, (res) => {
          const setCookie = res.headers['set-cookie']?.find((c) => c.startsWith('vmware_soap_session='));
          if (setCookie) cookie = setCookie.split(';')[0];
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_RESPONSE) req.destroy(new Error(`the response is larger than ${MAX_RESPONSE} bytes`));
            else chunks.push(c);
          });
          res.on('end', () => (clearTimeout(deadline), resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })));
          res.on('error', (err) => (clearTimeout(deadline), reject(err)));
        });
        // a server that sends a byte now and then never trips the idle timeout: the whole call has a deadline too
        const deadline = setTimeout(() => req.destroy(new Error(`the server did not complete its answer within ${seconds(limits.totalMs)}`)), limits.totalMs);
        req.on('close', () => clearTimeout(deadline));
        req.on('timeout', () => req.destroy(new Error(`no answer for ${seconds(limits.idleMs)}`)));
        req.on('error', (err) => (clearTimeout(deadline), reject(err)));
        req.end(body);
      }),
  };
}

/** One page of properties is asked for at a time (maxObjects); a page larger than this is refused. */
const MAX_RESPONSE = 256 * 1024 * 1024;

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A managed object reference as a SOAP argument. */
export function moRef(name: string, type: string, value: string): string {
  return `<${name} type="${escapeXml(type)}">${escapeXml(value)}</${name}>`;
}

export class SoapClient {
  /** `urn:vim25/<version>`: the API version the server reported (RetrieveServiceContent) */
  version = '6.5';
  constructor(private readonly transport: Transport) {}

  /** Calls a read-only method on `_this` with the arguments (already XML); returns its `returnval` elements. */
  async call(method: string, self: { type: string; value: string }, args = ''): Promise<X[]> {
    if (!READ_ONLY_METHODS.has(method)) throw new Error(`the vSphere collector does not call ${method}: it sends only the read-only methods ${[...READ_ONLY_METHODS].join(', ')}`);
    const body = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><${method} xmlns="urn:vim25">${moRef('_this', self.type, self.value)}${args}</${method}></soapenv:Body></soapenv:Envelope>`;
    const res = await this.transport.post(body, `urn:vim25/${this.version}`);
    const doc = scanXml(res.body);
    const envelope = doc.root && localName(doc.root.name) === 'Envelope' ? toX(doc.root) : undefined;
    const soapBody = one(envelope, 'Body');
    const fault = one(soapBody, 'Fault');
    if (fault) {
      const detail = one(fault, 'detail');
      const kind = detail ? [...detail.kids.values()][0]?.[0]?.type ?? [...detail.kids.keys()][0] : undefined;
      throw new SoapFault(method, kind ?? text(fault, 'faultcode') ?? 'fault', `${method}: ${text(fault, 'faultstring')?.trim() || kind || 'SOAP fault'}`);
    }
    if (!soapBody || res.status >= 400) throw new Error(`${method}: the server answered HTTP ${res.status} without a SOAP response (is this the /sdk endpoint of vCenter or ESXi?)`);
    return all(one(soapBody, `${method}Response`), 'returnval');
  }
}

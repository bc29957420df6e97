/**
 * The only runtime APIs the pure layer (engine, formats, rules) may use beyond ECMAScript itself:
 * text decoding and encoding, which Node, browsers and web workers all provide. Everything else
 * (files, processes, timers, network) belongs to the adapters. Used by tsconfig.pure.json only.
 */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
/** V8's (Node, Chromium) limit on captured stack frames; other engines ignore it. */
interface ErrorConstructor {
  stackTraceLimit?: number;
}

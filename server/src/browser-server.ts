// The language server as a web worker, for browser hosts (vscode.dev, github.dev): see lsp/web-server.ts.
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startWebServer } from './lsp/web-server';

const scope = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
startWebServer(createConnection(new BrowserMessageReader(scope), new BrowserMessageWriter(scope)));

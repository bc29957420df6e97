import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Validator, type LintWorkspace, type Runner } from '../server/src/lsp/validation';
import type { Publisher } from '../server/src/lsp/publisher';
import { defaultConfig } from '../server/src/engine/config';

/** A validator over fakes: it records which versions were linted and published. */
function harness() {
  const linted: number[] = [];
  const published: string[][] = [];
  const session = {
    record: (_path: string, _linted: unknown, _settings: unknown, version: number) => new Set<string>([`v${version}`]),
    hostEvidence: () => undefined,
    moduleValues: () => undefined,
    versionOf: () => undefined,
  };
  const workspace = {
    session,
    folders: [],
    settingsOf: () => ({ config: defaultConfig(), ignored: false }),
    clientSettings: () => ({}),
  } as unknown as LintWorkspace;
  const runner: Runner = {
    lint: async (_uri, input) => {
      linted.push(Number(/v(\d+)/.exec(input.text)?.[1]));
      return { findings: [] } as never;
    },
    fixAll: async () => undefined,
    cancel: () => undefined,
    dispose: () => undefined,
  };
  const publisher = { noteUri: () => undefined, publish: (paths: Set<string>) => published.push([...paths]) } as unknown as Publisher;
  return { validator: new Validator(workspace, runner, publisher), linted, published };
}

const doc = (version: number) => TextDocument.create('file:///w/vm.vmx', 'vmx', version, `# v${version}\nisolation.tools.copy.disable = "TRUE"\n`);
const turn = () => new Promise((resolve) => setImmediate(resolve));

test('a change with no debounce is checked at once, not after a timer (setTimeout(0) waits at least 1 ms)', async (t) => {
  t.after(() => mock.timers.reset());
  const { validator, linted } = harness();
  mock.timers.enable({ apis: ['setTimeout'] });
  validator.schedule(doc(1), true);
  for (let i = 0; i < 3; i++) await turn();
  assert.deepEqual(linted, [1], 'the open was checked without any timer firing');
  validator.schedule(doc(2));
  for (let i = 0; i < 3; i++) await turn();
  assert.deepEqual(linted, [1, 2], 'a single keystroke (no burst) was checked without any timer firing');
});

test('a burst of changes still waits, and only its last version is checked', async (t) => {
  t.after(() => mock.timers.reset());
  const { validator, linted } = harness();
  validator.schedule(doc(1), true);
  for (let i = 0; i < 3; i++) await turn();
  // the last check cost 5 ms: changes closer together than that are a burst
  (validator as unknown as { cost: Map<string, number> }).cost.set('file:///w/vm.vmx', 5);
  mock.timers.enable({ apis: ['setTimeout'] });
  validator.schedule(doc(2));
  validator.schedule(doc(3));
  validator.schedule(doc(4));
  for (let i = 0; i < 3; i++) await turn();
  assert.deepEqual(linted, [1], 'versions 2 and 3 were superseded before they ran; version 4 waits for the debounce');
  mock.timers.tick(4);
  for (let i = 0; i < 3; i++) await turn();
  assert.deepEqual(linted, [1], 'still waiting, 1 ms before the debounce ends');
  mock.timers.tick(1);
  for (let i = 0; i < 3; i++) await turn();
  assert.deepEqual(linted, [1, 4], 'after the debounce, only the latest version is checked');
});

test('closing a document cancels its pending check, debounced or not', async () => {
  const { validator, linted } = harness();
  validator.schedule(doc(1), true);
  validator.cancel('file:///w/vm.vmx');
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(linted, []);
});

test('a change the connection handles one turn after the previous one (a message already read) stops its check before it runs', async () => {
  const { validator, linted } = harness();
  validator.schedule(doc(1), true);
  await turn(); // the connection handles one message per turn: here, the next one it had read
  validator.schedule(doc(2), true);
  for (let i = 0; i < 4; i++) await turn();
  assert.deepEqual(linted, [2], 'version 1 was superseded before its check ran');
});

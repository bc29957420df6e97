// yaml-language-server with its validation debounce removed, as the baseline of the playbook
// keystroke bench. It waits `validationDelayMs` (200 ms) after each change before it validates; that
// is a field its SettingsState constructor sets, not a setting a client can change, so this makes the
// field read 0 (validation still runs on a timer, in the next turn of the event loop) and starts the
// server as its own bin script does (`node yaml-ls.cjs --stdio`).
const { SettingsState } = require('yaml-language-server/out/server/src/yamlSettings.js');

Object.defineProperty(SettingsState.prototype, 'validationDelayMs', { get: () => 0, set: () => undefined, configurable: true });
process.env.YAML_LANGUAGE_SERVER_VERSION = require('yaml-language-server/package.json').version;
require('yaml-language-server/out/server/src/server.js');

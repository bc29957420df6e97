import type { Rule } from '../../engine/types';
import type { VmxSettings } from '../../formats/vmx/settings';
import { consoleMaxConn } from './console-maxconn';
import { consoleVnc } from './console-vnc';
import { consoleVncPasswd } from './console-vnc-passwd';
import { debugStubRemote } from './debugstub-remote';
import { isoClipboard } from './iso-clipboard';
import { isoDeviceConnect } from './iso-device-connect';
import { isoHgfs } from './iso-hgfs';
import { isoHostInfo } from './iso-hostinfo';
import { isoSharedFolder } from './iso-sharedfolder';
import { isoTpsSalt } from './iso-tps-salt';
import { isoUsb } from './iso-usb';
import { patchHwVersion } from './patch-hwversion';
import { serialNet } from './serial-net';

/** Rules over VM settings: run on .vmx files and on every carrier of embedded VM settings. */
export const vmxRules: Rule<VmxSettings>[] = [
  consoleVnc,
  consoleVncPasswd,
  serialNet,
  debugStubRemote,
  consoleMaxConn,
  isoClipboard,
  isoDeviceConnect,
  isoHostInfo,
  isoTpsSalt,
  isoHgfs,
  isoSharedFolder,
  isoUsb,
  patchHwVersion,
];

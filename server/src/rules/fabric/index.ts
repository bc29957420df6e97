import type { CrossFileRule } from '../../engine/types';
import { ansMirDvsNoSpan } from './ans-mir-dvs-nospan';
import { hvMirDestUnauth } from './hv-mir-dest-unauth';
import { hvMirMissing } from './hv-mir-missing';
import { hvMirNoDestination } from './hv-mir-no-destination';
import { hvSwitchMgmtOs } from './hv-switch-mgmtos';
import { netMirLinuxBridge } from './net-mir-linuxbridge';
import { ovsMirMissing } from './ovs-mir-missing';
import { ovsMirOutput } from './ovs-mir-output';
import { ovsMirScope } from './ovs-mir-scope';
import { pveBridgeMirMissing } from './pve-bridge-mir-missing';
import { tfMirDvsNoSpan } from './tf-mir-dvs-nospan';
import { vssMirNoSensorPg } from './vss-mir-no-sensor-pg';

/** Rules over the switch fabric of a scope: they read facts from many files. */
export const fabricRules: CrossFileRule[] = [ovsMirMissing, pveBridgeMirMissing, netMirLinuxBridge, ansMirDvsNoSpan, tfMirDvsNoSpan, vssMirNoSensorPg, ovsMirOutput, ovsMirScope, hvMirMissing, hvMirNoDestination, hvMirDestUnauth, hvSwitchMgmtOs];

import type { CrossFileRule } from '../../engine/types';
import { ansMirDvsNoSpan } from './ans-mir-dvs-nospan';
import { netMirLinuxBridge } from './net-mir-linuxbridge';
import { ovsMirMissing } from './ovs-mir-missing';
import { ovsMirOutput } from './ovs-mir-output';
import { ovsMirScope } from './ovs-mir-scope';
import { pveBridgeMirMissing } from './pve-bridge-mir-missing';
import { tfMirDvsNoSpan } from './tf-mir-dvs-nospan';
import { vssMirNoSensorPg } from './vss-mir-no-sensor-pg';

/** Rules over the switch fabric of a scope: they read facts from many files. */
export const fabricRules: CrossFileRule[] = [ovsMirMissing, pveBridgeMirMissing, netMirLinuxBridge, ansMirDvsNoSpan, tfMirDvsNoSpan, vssMirNoSensorPg, ovsMirOutput, ovsMirScope];

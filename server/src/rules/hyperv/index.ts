import type { Rule } from '../../engine/types';
import { hvHostCredSsp } from './credssp';
import { hvNicGuards } from './guards';
import { hvVmGuestService } from './guest-service';
import { hvNicMacSpoof } from './macspoof';
import { hvVmSecureBoot } from './secureboot';

export const hyperVRules: Rule<any>[] = [hvNicMacSpoof, hvNicGuards, hvVmSecureBoot, hvHostCredSsp, hvVmGuestService];

import type { Rule } from '../../engine/types';
import { hvHostAdmins } from './admins';
import { hvHostCredSsp } from './credssp';
import { hvHostEnhancedSession } from './enhanced-session';
import { hvNicGuards } from './guards';
import { hvVmGuestService } from './guest-service';
import { hvNicMacSpoof } from './macspoof';
import { hvHostMigrationNet } from './migration-net';
import { hvVmNested } from './nested';
import { hvVmSecureBoot } from './secureboot';
import { hvVmVtpm } from './vtpm';

export const hyperVRules: Rule<any>[] = [hvNicMacSpoof, hvNicGuards, hvVmSecureBoot, hvHostCredSsp, hvVmGuestService, hvVmVtpm, hvVmNested, hvHostEnhancedSession, hvHostMigrationNet, hvHostAdmins];

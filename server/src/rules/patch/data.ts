import { todayUtc } from '../../engine/data-files';
import type { RuleContext } from '../../engine/types';
import { BUNDLED_ADVISORIES, ADVISORIES_DATA_NAME, type AdvisoryData } from './advisories';
import { BUNDLED_GUESTS, GUEST_DATA_NAME, type GuestData } from './guests';
import { BUNDLED_HYPERVISORS, HYPERVISOR_DATA_NAME, type HypervisorData } from './hypervisors';

/**
 * The data a rule run uses: the user's (a `--advisories` file, or a newer bundle installed with
 * `vharden advisories update`) when the caller put it on the configuration, else the bundled one.
 * Each call tells the engine the rule judged something with that data (for VH-DATA-STALE).
 */
export function advisoryData(ctx: RuleContext): AdvisoryData {
  const d = ctx.config.advisories ?? BUNDLED_ADVISORIES;
  ctx.usedData?.({ name: ADVISORIES_DATA_NAME, updated: d.updated });
  return d;
}

/** The guest OS data (no side effect: an id the data does not know decides nothing; see judgedWithGuestData). */
export function guestData(ctx: RuleContext): GuestData {
  return ctx.config.guests ?? BUNDLED_GUESTS;
}

export function judgedWithGuestData(ctx: RuleContext, d: GuestData): void {
  ctx.usedData?.({ name: GUEST_DATA_NAME, updated: d.updated });
}

export function hypervisorData(ctx: RuleContext): HypervisorData {
  const d = ctx.config.hypervisors ?? BUNDLED_HYPERVISORS;
  ctx.usedData?.({ name: HYPERVISOR_DATA_NAME, updated: d.updated });
  return d;
}

/** The date findings are judged on: the caller's (tests inject one), else today in UTC, YYYY-MM-DD. */
export function todayOf(ctx: RuleContext): string {
  return ctx.today ?? ctx.config.today ?? todayUtc();
}

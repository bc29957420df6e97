import type { RuleContext } from '../../engine/types';
import { BUNDLED_ADVISORIES, type AdvisoryData } from './advisories';

/** The advisories data a rule run uses: the user's file when one was loaded, else the bundled one. */
export function advisoryData(ctx: RuleContext): AdvisoryData {
  return ctx.config.advisories ?? BUNDLED_ADVISORIES;
}

/** Today's date in UTC, YYYY-MM-DD. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

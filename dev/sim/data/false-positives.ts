import { isoSeconds, utcDay } from '../render/dates';
import { IndicatorRecord } from './model';

/** Our wording: TC's answer to a repeated report is UNCONFIRMED (reference §2.4). */
export const DUPLICATE_FALSE_POSITIVE = 'You have already reported this indicator as a false positive today.';

export function reportedToday(record: IndicatorRecord, accessId: string, nowMs: number): boolean {
  return record.falsePositiveReports[accessId] === utcDay(nowMs);
}

/**
 * Records a false-positive report. TC allows one per user, per indicator, per day (reference §2.4); a repeat
 * changes nothing and returns false. v2's POST and v3's `falsePositiveFlag` share this rule.
 */
export function reportFalsePositive(record: IndicatorRecord, accessId: string, nowMs: number): boolean {
  const day = utcDay(nowMs);
  if (reportedToday(record, accessId, nowMs)) return false;
  record.falsePositiveReports[accessId] = day;
  record.falsePositives += 1;
  record.lastFalsePositive = `${day}T00:00:00Z`;
  record.lastFalsePositiveReportedAt = isoSeconds(nowMs);
  return true;
}

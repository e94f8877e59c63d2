import type { Dataset } from '../data/dataset';
import { IndicatorRecord, IndicatorType, summaryOf } from '../data/model';

/**
 * The record in `ownerName` whose summary is `value`; for a File, any one of its hashes also finds it (reference
 * §2.0: a path may carry any hash). Hashes ignore case when `hashCaseInsensitive`; other values compare exactly.
 */
export function findBySummaryInOwner(
  dataset: Dataset,
  value: string,
  ownerName: string,
  hashCaseInsensitive: boolean,
  type?: IndicatorType
): IndicatorRecord | undefined {
  const same = (a: string | undefined): boolean =>
    a !== undefined && (hashCaseInsensitive ? a.toLowerCase() === value.toLowerCase() : a === value);
  return dataset.indicators.find((record) => {
    if (record.ownerName !== ownerName || (type !== undefined && record.type !== type)) return false;
    if (record.type !== 'File') return record.value === value;
    return same(summaryOf(record)) || same(record.md5) || same(record.sha1) || same(record.sha256);
  });
}

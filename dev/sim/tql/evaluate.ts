import { IndicatorRecord, summaryOf } from '../data/model';
import { Comparison, Keyword, Literal, TqlExpression } from './parser';

export interface MatchOptions {
  /** Hash keywords and File summaries compare ignoring case (reference §6.10, UNCONFIRMED). */
  hashCaseInsensitive: boolean;
}

/**
 * Whether a record satisfies the query. Strings compare exactly, so a client that does not normalise values the
 * way TC stores them (expanded lower-case IPv6, lower-case host names) misses, as it would against TC.
 */
export function matchesTql(
  expression: TqlExpression,
  record: IndicatorRecord,
  options: MatchOptions
): boolean {
  switch (expression.kind) {
    case 'and':
      return matchesTql(expression.left, record, options) && matchesTql(expression.right, record, options);
    case 'or':
      return matchesTql(expression.left, record, options) || matchesTql(expression.right, record, options);
    case 'compare':
      return compare(expression, record, options);
  }
}

/** TC returns only active indicators unless the query itself says something about `indicatorActive`. */
export function mentionsKeyword(expression: TqlExpression, keyword: Keyword): boolean {
  return expression.kind === 'compare'
    ? expression.keyword === keyword
    : mentionsKeyword(expression.left, keyword) || mentionsKeyword(expression.right, keyword);
}

function compare(comparison: Comparison, record: IndicatorRecord, options: MatchOptions): boolean {
  const actual = fieldValue(comparison.keyword, record);
  const ignoreCase = options.hashCaseInsensitive && isHashField(comparison.keyword, record);
  const equals = (expected: Literal): boolean =>
    actual !== undefined &&
    (ignoreCase && typeof actual === 'string' && typeof expected === 'string'
      ? actual.toLowerCase() === expected.toLowerCase()
      : actual === expected);
  const any = comparison.values.some(equals);
  switch (comparison.operator) {
    case 'eq':
    case 'in':
      return any;
    case 'ne':
    case 'notIn':
      return !any;
  }
}

/**
 * value1..3 are TC's generic value columns: a File's md5, sha1 and sha256; for the other built-in types value1
 * holds the summary and value2/value3 are empty (our reading; only the File mapping is documented, §3.2).
 */
function fieldValue(keyword: Keyword, record: IndicatorRecord): Literal | undefined {
  switch (keyword) {
    case 'summary':
      return summaryOf(record);
    case 'value1':
      return record.type === 'File' ? record.md5 : record.value;
    case 'value2':
      return record.type === 'File' ? record.sha1 : undefined;
    case 'value3':
      return record.type === 'File' ? record.sha256 : undefined;
    case 'typeName':
      return record.type;
    case 'ownerName':
      return record.ownerName;
    case 'indicatorActive':
      return record.active;
    case 'id':
      return record.id;
  }
}

function isHashField(keyword: Keyword, record: IndicatorRecord): boolean {
  return record.type === 'File' && (keyword === 'summary' || keyword.startsWith('value'));
}

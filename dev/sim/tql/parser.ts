import { Token, TqlSyntaxError, tokenize } from './lexer';

export type Keyword =
  | 'summary'
  | 'value1'
  | 'value2'
  | 'value3'
  | 'typeName'
  | 'ownerName'
  | 'indicatorActive'
  | 'id';
export type Operator = 'eq' | 'ne' | 'in' | 'notIn';
export type Literal = string | number | boolean;

export interface Comparison {
  kind: 'compare';
  keyword: Keyword;
  operator: Operator;
  values: Literal[];
}

export interface Junction {
  kind: 'and' | 'or';
  left: TqlExpression;
  right: TqlExpression;
}

export type TqlExpression = Comparison | Junction;

interface KeywordSpec {
  keyword: Keyword;
  type: 'string' | 'number' | 'boolean';
}

const KEYWORDS = new Map<string, KeywordSpec>(
  (
    [
      ['summary', 'string'],
      ['value1', 'string'],
      ['value2', 'string'],
      ['value3', 'string'],
      ['typeName', 'string'],
      ['ownerName', 'string'],
      ['indicatorActive', 'boolean'],
      ['id', 'number']
    ] as const
  ).map(([keyword, type]) => [keyword.toLowerCase(), { keyword, type }])
);

/** Real TQL operators the simulator does not implement; named in the error so nobody mistakes them for typos. */
const UNSUPPORTED_OPERATORS = new Set([
  '<',
  '>',
  '<=',
  '>=',
  'gt',
  'lt',
  'geq',
  'leq',
  'like',
  'contains',
  'startswith',
  'endswith',
  'is'
]);

/**
 * Parses the TQL subset the simulator serves (see README): comparisons on the enrichment keywords joined by
 * `and`/`or`, where `and` binds tighter, with parentheses. Keywords and operators ignore case.
 *
 * @throws TqlSyntaxError
 */
export function parseTql(query: string): TqlExpression {
  const parser = new Parser(tokenize(query));
  if (parser.peek().kind === 'eof') throw new TqlSyntaxError('empty query', 0);
  const expression = parser.orExpression();
  const rest = parser.peek();
  if (rest.kind !== 'eof') throw new TqlSyntaxError(`unexpected ${describe(rest)}`, rest.position);
  return expression;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.index];
  }

  orExpression(): TqlExpression {
    let left = this.andExpression();
    while (this.isWord('or')) {
      this.index++;
      left = { kind: 'or', left, right: this.andExpression() };
    }
    return left;
  }

  private andExpression(): TqlExpression {
    let left = this.primary();
    while (this.isWord('and')) {
      this.index++;
      left = { kind: 'and', left, right: this.primary() };
    }
    return left;
  }

  private primary(): TqlExpression {
    const token = this.next();
    if (token.kind === 'lparen') {
      const inner = this.orExpression();
      const close = this.next();
      if (close.kind !== 'rparen') {
        throw new TqlSyntaxError(
          `expected ')' for the '(' at ${token.position} but found ${describe(close)}`,
          close.position
        );
      }
      return inner;
    }
    if (token.kind !== 'word')
      throw new TqlSyntaxError(`expected a keyword but found ${describe(token)}`, token.position);
    const spec = KEYWORDS.get(token.text.toLowerCase());
    if (!spec) throw new TqlSyntaxError(`unknown keyword '${token.text}'`, token.position);

    const operator = this.operator();
    const values = operator === 'in' || operator === 'notIn' ? this.list(spec) : [this.literal(spec)];
    return { kind: 'compare', keyword: spec.keyword, operator, values };
  }

  private operator(): Operator {
    const token = this.next();
    const text = token.text.toLowerCase();
    if (token.kind === 'symbol' || token.kind === 'word') {
      if (text === '=' || text === '==' || text === 'eq' || text === 'equals') return 'eq';
      if (text === '!=' || text === 'ne') return 'ne';
      if (text === 'in') return 'in';
      if (text === 'not') {
        const after = this.next();
        if (after.kind === 'word' && after.text.toLowerCase() === 'in') return 'notIn';
        if (after.kind === 'word' && UNSUPPORTED_OPERATORS.has(after.text.toLowerCase())) {
          throw new TqlSyntaxError(
            `operator 'not ${after.text}' is not supported by the simulator`,
            token.position
          );
        }
        throw new TqlSyntaxError(`expected 'in' after 'not' but found ${describe(after)}`, after.position);
      }
      if (UNSUPPORTED_OPERATORS.has(text)) {
        throw new TqlSyntaxError(
          `operator '${token.text}' is not supported by the simulator`,
          token.position
        );
      }
    }
    throw new TqlSyntaxError(`expected an operator but found ${describe(token)}`, token.position);
  }

  private list(spec: KeywordSpec): Literal[] {
    const open = this.next();
    if (open.kind !== 'lparen')
      throw new TqlSyntaxError(`expected '(' after in but found ${describe(open)}`, open.position);
    const values: Literal[] = [];
    for (;;) {
      values.push(this.literal(spec));
      const token = this.next();
      if (token.kind === 'rparen') return values;
      if (token.kind !== 'comma') {
        throw new TqlSyntaxError(
          `expected ',' or ')' in the list opened at ${open.position} but found ${describe(token)}`,
          token.position
        );
      }
    }
  }

  private literal(spec: KeywordSpec): Literal {
    const token = this.peek();
    const value = this.anyLiteral();
    if (typeof value !== spec.type) {
      throw new TqlSyntaxError(`${spec.keyword} expects a ${spec.type} value`, token.position);
    }
    return value;
  }

  private anyLiteral(): Literal {
    const token = this.next();
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'word' && /^(true|false)$/i.test(token.text))
      return token.text.toLowerCase() === 'true';
    throw new TqlSyntaxError(`expected a value but found ${describe(token)}`, token.position);
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }
}

function describe(token: Token): string {
  if (token.kind === 'eof') return 'the end of the query';
  if (token.kind === 'string') return `the string ${JSON.stringify(token.text)}`;
  return `'${token.text}'`;
}

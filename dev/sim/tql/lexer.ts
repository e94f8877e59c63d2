/** A TQL problem, reported with TC's 0x2001 envelope. `position` is a 0-based offset into the query. */
export class TqlSyntaxError extends Error {
  override readonly name = 'TqlSyntaxError';
  constructor(
    readonly detail: string,
    readonly position: number
  ) {
    super(`${detail} at position ${position}`);
  }
}

export type TokenKind = 'lparen' | 'rparen' | 'comma' | 'string' | 'number' | 'word' | 'symbol' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Unescaped text for strings, the lexeme otherwise. */
  text: string;
  position: number;
}

/** Escapes TC documents inside quoted strings (reference §3.2); anything else after a backslash is an error. */
const ESCAPABLE = new Set(['\\', '"', "'", '`']);

const SYMBOLS = ['==', '!=', '<=', '>=', '=', '<', '>'];

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const char = query[i];
    if (/\s/.test(char)) {
      i++;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({
        kind: char === '(' ? 'lparen' : char === ')' ? 'rparen' : 'comma',
        text: char,
        position: i
      });
      i++;
    } else if (char === '"' || char === "'") {
      const [text, end] = readString(query, i);
      tokens.push({ kind: 'string', text, position: i });
      i = end;
    } else if (/[-0-9]/.test(char)) {
      const number = /^-?\d+(\.\d+)?/.exec(query.slice(i));
      if (!number) throw new TqlSyntaxError(`unexpected character '${char}'`, i);
      tokens.push({ kind: 'number', text: number[0], position: i });
      i += number[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(query.slice(i))![0];
      tokens.push({ kind: 'word', text: word, position: i });
      i += word.length;
    } else {
      const symbol = SYMBOLS.find((s) => query.startsWith(s, i));
      if (!symbol) throw new TqlSyntaxError(`unexpected character '${char}'`, i);
      tokens.push({ kind: 'symbol', text: symbol, position: i });
      i += symbol.length;
    }
  }
  tokens.push({ kind: 'eof', text: '', position: query.length });
  return tokens;
}

function readString(query: string, start: number): [string, number] {
  const quote = query[start];
  let text = '';
  for (let i = start + 1; i < query.length; i++) {
    const char = query[i];
    if (char === quote) return [text, i + 1];
    if (char === '\\') {
      const next = query[i + 1];
      if (next === undefined) break;
      if (!ESCAPABLE.has(next)) throw new TqlSyntaxError(`invalid escape sequence '\\${next}'`, i);
      text += next;
      i++;
    } else {
      text += char;
    }
  }
  throw new TqlSyntaxError(`unterminated string starting with ${quote}`, start);
}

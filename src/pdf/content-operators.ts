/**
 * Reads a PDF content stream (ISO 32000-1, 7.8.2) as a sequence of operators, each with where its
 * operands start and where it ends, so that a caller can insert marked-content operators between
 * them without touching what it does not understand. No npm library does this: pdf.js parses
 * content but cannot write it back, pdf-lib writes content but cannot parse it.
 *
 * The lexer knows the content stream's token types (numbers, names, literal and hexadecimal
 * strings, arrays, dictionaries, comments, inline images); it does not interpret them.
 */

/** Character classes, by Latin-1 code: 1 white space, 2 delimiter, 0 regular. */
const charClass = new Uint8Array(256);
for (const code of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) charClass[code] = 1;
for (const code of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) charClass[code] = 2;
const operandKeywords = new Set(['true', 'false', 'null']);

/**
 * Called for each operator of a content stream, in order: the operator, where its first operand
 * starts (or the operator itself, when it has none), where the operator itself starts, and the
 * offset just after it (after the whole inline image, for `BI`).
 */
export type OperatorVisitor = (operator: string, start: number, tokenStart: number, end: number) => void;

/**
 * Visit the operators of `content` (a content stream decoded to Latin-1 text, one character per
 * byte), in order. A callback rather than a generator: a page holds thousands of operators (a
 * text-and-position pair per glyph, as Chromium writes them), and a generator's object per
 * operator made the lexing about half as fast.
 */
export function forEachOperator(content: string, visit: OperatorVisitor): void {
  const length = content.length;
  let position = 0;
  let operandStart = -1;
  while (position < length) {
    const char = content.charCodeAt(position);
    const kind = charClass[char & 0xff]!;
    if (kind === 1) {
      position++;
      continue;
    }
    if (char === 0x25 /* % */) {
      while (position < length && content.charCodeAt(position) !== 0x0a && content.charCodeAt(position) !== 0x0d)
        position++;
      continue;
    }
    if (operandStart === -1) operandStart = position;
    if (kind === 2) {
      if (char === 0x28 /* ( */) position = skipLiteralString(content, position);
      else if (char === 0x3c /* < */) {
        if (content.charCodeAt(position + 1) === 0x3c) position += 2;
        else {
          const close = content.indexOf('>', position);
          position = close === -1 ? length : close + 1;
        }
      } else if (char === 0x2f /* / */) {
        position++;
        while (position < length && charClass[content.charCodeAt(position) & 0xff] === 0) position++;
      } else position += char === 0x3e && content.charCodeAt(position + 1) === 0x3e ? 2 : 1;
      continue;
    }
    const tokenStart = position;
    while (position < length && charClass[content.charCodeAt(position) & 0xff] === 0) position++;
    // A number: + - . or a digit first.
    if (char === 0x2b || char === 0x2d || char === 0x2e || (char >= 0x30 && char <= 0x39)) continue;
    const token = tokenText(content, tokenStart, position);
    if (operandKeywords.has(token)) continue;
    const start = operandStart;
    operandStart = -1;
    if (token === 'BI') position = skipInlineImage(content, position);
    visit(token, start, tokenStart, position);
  }
}

/**
 * Operators and keywords of up to three characters (nearly every token), by their character
 * codes: each is one string made once, not a new slice of the stream per occurrence, and the
 * callers' set lookups find it at once.
 */
const shortTokens = new Map<number, string>();

function tokenText(content: string, start: number, end: number): string {
  if (end - start > 3) return content.slice(start, end);
  let code = end - start;
  for (let at = start; at < end; at++) code = code * 256 + (content.charCodeAt(at) & 0xff);
  let token = shortTokens.get(code);
  if (token === undefined) shortTokens.set(code, (token = content.slice(start, end)));
  return token;
}

/** The offset after the literal string that opens at `open`: parentheses nest, a backslash escapes. */
function skipLiteralString(content: string, open: number): number {
  let depth = 0;
  for (let position = open; position < content.length; position++) {
    const char = content[position];
    if (char === '\\') position++;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return position + 1;
  }
  return content.length;
}

/** The offset after an inline image whose `BI` ends at `from`: past its dictionary, `ID`, the data and `EI`. */
function skipInlineImage(content: string, from: number): number {
  const data = /[\0\t\n\f\r ]ID[\0\t\n\f\r ]/g;
  data.lastIndex = from - 1;
  const start = data.exec(content);
  if (!start) return content.length;
  const end = /[\0\t\n\f\r ]EI(?=[\0\t\n\f\r ]|$)/g;
  end.lastIndex = start.index + start[0].length;
  const found = end.exec(content);
  return found ? found.index + found[0].length : content.length;
}

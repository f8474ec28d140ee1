import type {VFile} from 'vfile';
import {reportError} from '../diagnostics/messages.js';
import {ruleIds} from '../diagnostics/rule-ids.js';

/**
 * Most unescaped markers of one kind one block of text (lines between blank lines) may hold.
 * Unclosed brackets and emphasis markers make CommonMark parsers slow down with the square
 * of their number (the "pathological" inputs); below this limit a block parses in well under a second.
 */
export const maxMarkersPerBlock = 2000;

/** Longest block of text, in characters: no paragraph is this long, and a longer one makes parsing slow. */
export const maxBlockLength = 256 * 1024;

const kinds: ReadonlyArray<{name: string; chars: string}> = [
  {name: 'brackets `[` `]`', chars: '[]'},
  {name: 'parentheses `(` `)`', chars: '()'},
  {name: 'emphasis markers `*` `_`', chars: '*_'},
  {name: 'backticks', chars: '`'},
  {name: 'angle brackets `<`', chars: '<'}
];

/** Which of `kinds` each ASCII character is a marker of (-1: none): looked up for every character of every file. */
const kindOfCode = new Int8Array(128).fill(-1);
const backslash = 0x5c;
for (const [index, {chars}] of kinds.entries()) for (const char of chars) kindOfCode[char.charCodeAt(0)] = index;

/**
 * Count, before parsing, the unescaped inline markers of each block; report the first block
 * that holds more than `maxMarkersPerBlock` of a kind or is longer than `maxBlockLength`.
 * Returns false when the file must not be parsed.
 */
export function checkInlineMarkers(file: VFile): boolean {
  const lines = String(file.value).split('\n');
  let counts = kinds.map(() => 0);
  let blockStart = 0;
  let blockLength = 0;
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') {
      counts = kinds.map(() => 0);
      blockStart = index + 1;
      blockLength = 0;
      continue;
    }
    blockLength += line.length + 1;
    if (blockLength > maxBlockLength) {
      reportError(file, `This block of text is longer than ${maxBlockLength / 1024} KB; split it into paragraphs with blank lines`, {line: blockStart + 1, column: 1}, ruleIds.contentTooLarge);
      return false;
    }
    for (let position = 0; position < line.length; position++) {
      const code = line.charCodeAt(position);
      if (code === backslash) {
        position++; // An escaped character is text, never a marker.
        continue;
      }
      const kind = code < 128 ? kindOfCode[code]! : -1;
      if (kind === -1 || ++counts[kind]! <= maxMarkersPerBlock) continue;
      reportError(file, `This block of text holds more than ${maxMarkersPerBlock} ${kinds[kind]!.name}; split it with blank lines or escape them with \`\\\``, {line: blockStart + 1, column: 1}, ruleIds.contentTooComplex);
      return false;
    }
  }
  return true;
}

import {decodeNamedCharacterReference} from 'decode-named-character-reference';
import type {Root} from 'mdast';
import {visit} from 'unist-util-visit';
import type {VFile} from 'vfile';
import {placeAt, reportWarning} from '../diagnostics/messages.js';
import type {FontCoverage} from '../fonts/coverage.js';
import {coveredScripts} from '../fonts/shipped-fonts.js';
import {ruleIds} from '../diagnostics/rule-ids.js';

/** Characters that print nothing, so that no font needs them: spaces, controls, joiners, direction marks, variation selectors. */
const invisible = /[\s\p{Cc}\p{Default_Ignorable_Code_Point}]/u;

/** A tag, a comment or a character reference in raw HTML. */
const markup = /<!--[\s\S]*?(?:-->|$)|<[^>]*>?|&(#[xX][\da-fA-F]+|#\d+|[A-Za-z][A-Za-z\d]*);/g;

/**
 * Warn about characters that no font Chromium may use has, which would print as blank boxes:
 * the first place of each in a file, with its code point and how often it occurs. Text, code
 * and raw HTML are read; so is front matter, which holds the title.
 */
export function checkGlyphs(tree: Root, file: VFile, fonts: FontCoverage): void {
  const source = String(file.value);
  const missing = new Map<string, {offset: number; count: number}>();
  // Most characters have a glyph: the font's table is asked first, the slower pattern only for the rest.
  const prints = (char: string) => fonts.has(char.codePointAt(0)!) || invisible.test(char);
  const note = (char: string, offset: number) => {
    if (prints(char)) return;
    const seen = missing.get(char);
    if (seen) seen.count++;
    else missing.set(char, {offset, count: 1});
  };
  visit(tree, (node) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    if (node.type === 'html') {
      forEachHtmlChar(source.slice(start, end), (char, index) => note(char, start + index));
    } else if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code' || node.type === 'yaml') {
      // Placing the characters is needed only for one that does not print, which few texts hold.
      if (everyCharacter(node.value, prints)) return;
      // The value may differ from the source (escapes, entities, typographic quotes): place each character where it is written, if it is.
      const written = source.slice(start, end);
      let cursor = 0;
      for (const char of node.value) {
        const at = written.indexOf(char, cursor);
        if (at !== -1) cursor = at + char.length;
        note(char, start + (at === -1 ? cursor : at));
      }
    }
  });
  for (const [char, {offset, count}] of missing) {
    const codePoint = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    const more = count > 1 ? ` (${count} times in this file)` : '';
    reportWarning(
      file,
      `No font Folio uses has \`${char}\` (${codePoint})${more}, so it would print as a blank box. Folio's fonts cover ${coveredScripts}; use another character, or add a font that has it to \`templates/fonts/\` (see the README, "Fonts")`,
      placeAt(file, offset),
      ruleIds.glyphMissing
    );
  }
}

function everyCharacter(text: string, test: (char: string) => boolean): boolean {
  for (const char of text) if (!test(char)) return false;
  return true;
}

/** Call `each` with every character raw HTML prints (outside tags and comments, references decoded) and its index in `html`. */
function forEachHtmlChar(html: string, each: (char: string, index: number) => void): void {
  let last = 0;
  const text = (from: number, to: number) => {
    for (let index = from; index < to;) {
      const char = String.fromCodePoint(html.codePointAt(index)!);
      each(char, index);
      index += char.length;
    }
  };
  for (const match of html.matchAll(markup)) {
    text(last, match.index);
    last = match.index + match[0].length;
    const reference = match[1];
    if (!reference) continue;
    const decoded = reference.startsWith('#') ? numericReference(reference) : decodeNamedCharacterReference(reference);
    if (decoded) for (const char of decoded) each(char, match.index);
  }
  text(last, html.length);
}

function numericReference(reference: string): string | false {
  const value = /^#[xX]/.test(reference)
    ? Number.parseInt(reference.slice(2), 16)
    : Number.parseInt(reference.slice(1), 10);
  return value > 0 && value <= 0x10ffff && !(value >= 0xd800 && value <= 0xdfff) ? String.fromCodePoint(value) : false;
}

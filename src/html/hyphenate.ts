import type {Element, Root} from 'hast';
import enGb from 'hyphen/en-gb/index.js';
import enUs from 'hyphen/en-us/index.js';
import ru from 'hyphen/ru/index.js';
import {SKIP, visit} from 'unist-util-visit';
import {kazakhLetters} from '../markdown/mark-languages.js';

/** Elements whose text is never hyphenated: headings, code, and anything a reader may copy as a unit. */
const keepWhole = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'code', 'pre', 'kbd', 'samp', 'a', 'th']);
const minWordLength = 7;

/**
 * Insert soft hyphens (U+00AD) into running text, because headless Chromium on Linux
 * cannot hyphenate by itself. Latin words get English patterns; Cyrillic words get Russian
 * ones, except Kazakh words (no patterns are shipped for Kazakh), which are left whole.
 * Soft hyphens are invisible unless a line breaks there, so search and copy still match.
 */
export function hyphenateTree(tree: Root | Element, language: string): void {
  const english = language.toLowerCase() === 'en-us' ? enUs : enGb;
  visit(tree, (node) => {
    if (node.type === 'element' && keepWhole.has(node.tagName)) return SKIP;
    if (node.type !== 'text') return;
    node.value = node.value.replace(/[\p{L}\p{M}]{7,}/gu, (word) => {
      if (/^[\p{Script=Latin}\p{M}]+$/u.test(word)) return english.hyphenateSync(word, {minWordLength});
      if (/^[\p{Script=Cyrillic}\p{M}]+$/u.test(word) && !kazakhLetters.test(word))
        return ru.hyphenateSync(word, {minWordLength});
      return word;
    });
    return undefined;
  });
}

import type {Element, Nodes, Root} from 'hast';
import enGb from 'hyphen/en-gb/index.js';
import enUs from 'hyphen/en-us/index.js';
import es from 'hyphen/es/index.js';
import fr from 'hyphen/fr/index.js';
import ru from 'hyphen/ru/index.js';
import {kazakhLetters} from '../markdown/mark-languages.js';

/** Elements whose text is never hyphenated: headings, code, and anything a reader may copy as a unit. */
const keepWhole = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'code', 'pre', 'kbd', 'samp', 'a', 'th']);
const minWordLength = 7;

type Patterns = {hyphenateSync: (word: string, options: {minWordLength: number}) => string};

/** The TeX patterns Folio ships, by language, with the script their words are written in. */
const patterns: Record<string, {hyphenator: Patterns; script: RegExp}> = {
  'en-us': {hyphenator: enUs, script: /^[\p{Script=Latin}\p{M}]+$/u},
  en: {hyphenator: enGb, script: /^[\p{Script=Latin}\p{M}]+$/u},
  fr: {hyphenator: fr, script: /^[\p{Script=Latin}\p{M}]+$/u},
  es: {hyphenator: es, script: /^[\p{Script=Latin}\p{M}]+$/u},
  ru: {hyphenator: ru, script: /^[\p{Script=Cyrillic}\p{M}]+$/u}
};

/** The patterns of a language tag (`en-US`, then `en`), or none. */
function patternsFor(language: string): (typeof patterns)[string] | undefined {
  const tag = language.toLowerCase();
  return patterns[tag] ?? patterns[tag.split('-')[0]!];
}

/**
 * Insert soft hyphens (U+00AD) into running text, because headless Chromium on Linux
 * cannot hyphenate by itself. Each text is hyphenated by the patterns of its own language (the
 * nearest `lang` around it, or `language`), and only in words of that language's script: a
 * Latin name in Russian text, or English source text standing in for a missing translation,
 * never gets the wrong patterns. English, French, Spanish and Russian are hyphenated; Kazakh
 * (no patterns are shipped, and a word with letters only Kazakh has is never given Russian
 * ones), Arabic and other languages are left whole. Soft hyphens are invisible unless a line
 * breaks there, so search and copy still match.
 */
export function hyphenateTree(tree: Root | Element, language: string): void {
  const walk = (node: Nodes, current: string) => {
    if (node.type === 'element') {
      if (keepWhole.has(node.tagName)) return;
      const own = typeof node.properties.lang === 'string' ? node.properties.lang : current;
      for (const child of node.children) walk(child, own);
      return;
    }
    if (node.type === 'root') {
      for (const child of node.children) walk(child, current);
      return;
    }
    if (node.type !== 'text') return;
    const chosen = patternsFor(current);
    if (!chosen) return;
    node.value = node.value.replace(/[\p{L}\p{M}]{7,}/gu, (word) => hyphenatedWord(chosen, word));
  };
  walk(tree, language);
}

/**
 * Each language's words as hyphenated before. A report repeats its words (and each chapter is
 * hyphenated again for its brief), so most words are found here instead of going through the
 * patterns again; a long-running `--watch` starts afresh past `rememberedWords`.
 */
const remembered = new Map<(typeof patterns)[string], Map<string, string>>();
const rememberedWords = 200_000;

function hyphenatedWord(chosen: (typeof patterns)[string], word: string): string {
  let words = remembered.get(chosen);
  if (!words || words.size >= rememberedWords) remembered.set(chosen, (words = new Map()));
  let hyphenated = words.get(word);
  if (hyphenated === undefined) {
    hyphenated =
      chosen.script.test(word) && !(chosen.hyphenator === ru && kazakhLetters.test(word))
        ? chosen.hyphenator.hyphenateSync(word, {minWordLength})
        : word;
    words.set(word, hyphenated);
  }
  return hyphenated;
}

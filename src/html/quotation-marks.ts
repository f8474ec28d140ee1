import type {Root} from 'hast';
import {SKIP, visit} from 'unist-util-visit';

/** Elements whose characters are the author's exactly. */
const literal = new Set(['code', 'pre', 'kbd', 'samp']);

/** The outer quotation marks of each language that does not use English “ ”, with the spaces French sets inside them. */
const doubleQuotes: Readonly<Record<string, {open: string; close: string}>> = {
  ru: {open: '«', close: '»'},
  kk: {open: '«', close: '»'},
  uk: {open: '«', close: '»'},
  ar: {open: '«', close: '»'},
  fa: {open: '«', close: '»'},
  es: {open: '«', close: '»'},
  fr: {open: '«\u00a0', close: '\u00a0»'},
  de: {open: '„', close: '“'}
};

/**
 * The quotation marks of `language` in place of English curly double quotes (which the Markdown
 * reader makes of straight ones): « » in Russian, Kazakh, Arabic and Spanish, « » with no-break
 * spaces in French, „ “ in German. A “ that closes a „ the author typed (German quotes, or
 * Russian quotes inside quotes) is left as it is. Single quotes are left alone, as they are also
 * apostrophes. Code keeps its characters.
 */
export function localQuotationMarks(tree: Root, language: string): void {
  const marks = doubleQuotes[language.toLowerCase()] ?? doubleQuotes[language.toLowerCase().split('-')[0]!];
  if (!marks) return;
  let lowOpen = false; // A „ is open: the next “ closes it. Carried across text nodes, in reading order.
  visit(tree, (node) => {
    if (node.type === 'element' && literal.has(node.tagName)) return SKIP;
    if (node.type !== 'text' || !/[“”„]/.test(node.value)) return undefined;
    node.value = node.value.replace(/„|“\s*|\s*”/g, (mark) => {
      if (mark === '„') {
        lowOpen = true;
        return mark;
      }
      if (mark.includes('“')) {
        if (lowOpen) {
          lowOpen = false;
          return mark;
        }
        return marks.open;
      }
      return marks.close;
    });
    return undefined;
  });
}

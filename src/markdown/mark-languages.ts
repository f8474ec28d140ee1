import type {ElementContent, Root} from 'hast';
import {SKIP, visit} from 'unist-util-visit';

const cyrillicRun = /\p{Script=Cyrillic}+(?:[\s\u00A0-]+\p{Script=Cyrillic}+)*/gu;
/** Cyrillic letters that Kazakh uses and Russian does not. */
export const kazakhLetters = /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/;

/**
 * In a report written in a Latin-script language, mark each run of Cyrillic words with its
 * language, Kazakh (`kk`) when it has letters only Kazakh uses and Russian (`ru`) otherwise,
 * so that screen readers switch voice for names such as Қазақстан instead of spelling them
 * out letter by letter. Text already inside an element with `lang` is left alone.
 */
export function markCyrillicLanguages(tree: Root, reportLanguage: string): void {
  if (scriptOf(reportLanguage) === 'Cyrl') return;
  visit(tree, (node, index, parent) => {
    if (node.type === 'element' && node.properties.lang !== undefined) return SKIP;
    if (node.type !== 'text' || index === undefined || !parent || !/\p{Script=Cyrillic}/u.test(node.value))
      return undefined;
    const parts: ElementContent[] = [];
    let last = 0;
    for (const match of node.value.matchAll(cyrillicRun)) {
      if (match.index > last) parts.push({type: 'text', value: node.value.slice(last, match.index)});
      const lang = kazakhLetters.test(match[0]) ? 'kk' : 'ru';
      parts.push({type: 'element', tagName: 'span', properties: {lang}, children: [{type: 'text', value: match[0]}]});
      last = match.index + match[0].length;
    }
    if (last < node.value.length) parts.push({type: 'text', value: node.value.slice(last)});
    parent.children.splice(index, 1, ...parts);
    return [SKIP, index + parts.length];
  });
}

function scriptOf(language: string): string | undefined {
  try {
    return new Intl.Locale(language).maximize().script;
  } catch {
    return undefined; // Not a tag Intl knows: treat it as Latin-script, the common case.
  }
}

/** A run of Latin-script words (a name, an organisation), with the marks and digits inside it. */
const latinRun =
  /\p{Script=Latin}[\p{Script=Latin}\p{M}\d'’.-]*(?:[\s\u00A0]+\p{Script=Latin}[\p{Script=Latin}\p{M}\d'’.-]*)*/gu;

/**
 * In a right-to-left report, isolate each left-to-right run (a Latin name, and the Cyrillic runs
 * `markCyrillicLanguages` marked) in a `bdi` element, so that the punctuation around it stays
 * where the sentence puts it: "(Асия Тулесова)" after an Arabic word keeps its brackets around
 * the name instead of one jumping to the line's other end. Code is left alone.
 */
export function isolateLeftToRightRuns(tree: Root, direction: 'ltr' | 'rtl'): void {
  if (direction !== 'rtl') return;
  visit(tree, (node, index, parent) => {
    if (node.type === 'element') {
      if (['code', 'pre', 'kbd', 'samp', 'bdi', 'bdo'].includes(node.tagName) || node.properties.dir !== undefined)
        return SKIP;
      // A Cyrillic run marked with its language becomes an isolate as it is.
      if (node.tagName === 'span' && typeof node.properties.lang === 'string') {
        node.tagName = 'bdi';
        return SKIP;
      }
      return undefined;
    }
    if (node.type !== 'text' || index === undefined || !parent || !/\p{Script=Latin}/u.test(node.value))
      return undefined;
    const parts: ElementContent[] = [];
    let last = 0;
    for (const match of node.value.matchAll(latinRun)) {
      if (match.index > last) parts.push({type: 'text', value: node.value.slice(last, match.index)});
      parts.push({type: 'element', tagName: 'bdi', properties: {}, children: [{type: 'text', value: match[0]}]});
      last = match.index + match[0].length;
    }
    if (last < node.value.length) parts.push({type: 'text', value: node.value.slice(last)});
    parent.children.splice(index, 1, ...parts);
    return [SKIP, index + parts.length];
  });
}

import type {Root} from 'hast';
import {h} from 'hastscript';
import {describe, expect, it} from 'vitest';
import {localQuotationMarks} from '../src/html/quotation-marks.js';

const quoted = (language: string, ...children: Parameters<typeof h>[2][]): string => {
  const tree: Root = {type: 'root', children: [h('p', ...children)]};
  localQuotationMarks(tree, language);
  return JSON.stringify(tree.children[0]).replace(/.*?"value":"(.*?)".*/, '$1');
};

describe('localQuotationMarks', () => {
  it('gives each language its marks for the English curly quotes the reader made', () => {
    expect(quoted('ru', 'закон “О мирных собраниях”')).toBe('закон «О мирных собраниях»');
    expect(quoted('fr', 'la loi “ sur les réunions ”')).toBe('la loi «\u00a0sur les réunions\u00a0»');
    expect(quoted('de', 'das Gesetz “über Versammlungen”')).toBe('das Gesetz „über Versammlungen“');
    expect(quoted('en', 'the “law”')).toBe('the “law”');
  });

  it('leaves a “ that closes a „ the author typed, and code as it is', () => {
    expect(quoted('ru', '“Он сказал: „нет“ и ушёл”')).toBe('«Он сказал: „нет“ и ушёл»');
    expect(quoted('de', '„richtig“')).toBe('„richtig“');
    const tree: Root = {type: 'root', children: [h('p', [h('code', '“x”')])]};
    localQuotationMarks(tree, 'ru');
    expect(JSON.stringify(tree)).toContain('“x”');
  });
});

import type {Root} from 'hast';
import {toHtml} from 'hast-util-to-html';
import {h} from 'hastscript';
import {describe, expect, it} from 'vitest';
import {markCyrillicLanguages} from '../src/markdown/mark-languages.js';

function mark(tree: Root, language: string): string {
  markCyrillicLanguages(tree, language);
  return toHtml(tree);
}

describe('markCyrillicLanguages', () => {
  it('marks Kazakh and Russian runs in an English report so screen readers switch voice', () => {
    const tree = h(null, [
      h('p', 'Kazakhstan (Қазақстан Республикасы; Russian: Республика Казахстан) and Almaty (Алматы).')
    ]);
    expect(mark(tree, 'en')).toBe(
      '<p>Kazakhstan (<span lang="kk">Қазақстан Республикасы</span>; Russian: <span lang="ru">Республика Казахстан</span>) and Almaty (<span lang="ru">Алматы</span>).</p>'
    );
  });

  it('leaves text that already has a language, and reports written in Cyrillic, alone', () => {
    expect(mark(h(null, [h('p', [h('span', {lang: 'kk'}, 'Алматы')])]), 'en')).toBe(
      '<p><span lang="kk">Алматы</span></p>'
    );
    expect(mark(h(null, [h('p', 'Республика Казахстан')]), 'ru')).toBe('<p>Республика Казахстан</p>');
    expect(mark(h(null, [h('p', 'Қазақстан')]), 'kk')).toBe('<p>Қазақстан</p>');
  });
});

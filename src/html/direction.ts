/** Languages written from right to left (by primary subtag): Arabic, Hebrew, Persian, Urdu and others in their scripts. */
const rightToLeft = new Set(['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'sd', 'ckb', 'dv', 'ug']);

/**
 * The direction a language is written in. A right-to-left edition is a right-to-left book: its
 * documents carry `dir="rtl"`, its pages progress from right to left (Chromium then makes the
 * first page a left-hand one, so `:left` and `:right` pages keep their physical margins and
 * folios), its running heads change sides, the PDF asks viewers for `/Direction /R2L` and the
 * EPUB's spine reads right to left.
 */
export function textDirection(language: string): 'ltr' | 'rtl' {
  const primary = language.toLowerCase().split('-')[0]!;
  // A script subtag says more than the language: `ku-Arab` is right to left, `ar-Latn` is not.
  if (/-arab\b|-hebr\b|-thaa\b|-syrc\b/i.test(language)) return 'rtl';
  if (/-latn\b|-cyrl\b/i.test(language)) return 'ltr';
  return rightToLeft.has(primary) ? 'rtl' : 'ltr';
}

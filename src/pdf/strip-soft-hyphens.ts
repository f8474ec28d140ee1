const actualText = /\/ActualText\s*<(feff(?:[0-9a-f]{4})*)>/gi;

/**
 * Chromium marks every soft hyphen it did not break at with `/ActualText <feff00ad>`, so a
 * search for "international" would not find "in­ter­na­tion­al". Remove U+00AD from every
 * ActualText of a page's content (decoded to Latin-1 text): unbroken soft hyphens then extract
 * as nothing, and a line broken at one still shows (and copies) its visible hyphen.
 */
export function stripSoftHyphens(content: string): string {
  if (!content.includes('ActualText')) return content;
  return content.replace(actualText, (_match, hex: string) => {
    const units = hex.match(/.{4}/g)!.filter((unit) => unit.toLowerCase() !== '00ad');
    return `/ActualText <${units.length > 1 ? units.join('') : ''}>`;
  });
}

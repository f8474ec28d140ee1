/** The formats `folio build` makes, in the order it makes them. */
export const allFormats = ['pdf', 'epub', 'briefs'] as const;
export type Format = (typeof allFormats)[number];

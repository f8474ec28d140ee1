/** Every rule id Folio reports, in one place, so that messages and docs agree. */
export const ruleIds = {
  manifestSyntax: 'manifest-syntax',
  manifestField: 'manifest-field',
  chapterMissing: 'chapter-missing',
  chapterDuplicate: 'chapter-duplicate',
  chapterOutside: 'chapter-outside-content',
  frontMatterSyntax: 'front-matter-syntax',
  frontMatterField: 'front-matter-field',
  frontMatterLanguage: 'front-matter-language',
  encoding: 'encoding',
  fileUnreadable: 'file-unreadable',
  linkMissing: 'link-missing',
  linkFileUrl: 'link-file-url',
  imageMissing: 'image-missing',
  imageType: 'image-type',
  imageRemote: 'image-remote',
  imageAlt: 'image-alt',
  footnoteUndefined: 'footnote-undefined',
  footnoteUnused: 'footnote-unused',
  sectionEmpty: 'section-empty',
  sectionTitle: 'section-title',
  headingDuplicate: 'heading-duplicate',
  glyphMissing: 'glyph-missing',
  contentTooLarge: 'content-too-large',
  contentTooDeep: 'content-too-deep',
  contentTooComplex: 'content-too-complex'
} as const;

/** A rule id, as printed in brackets after a message. */
export type RuleId = (typeof ruleIds)[keyof typeof ruleIds];

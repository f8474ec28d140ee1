/**
 * Every rule Folio reports, in one place, with where it is checked, so that messages, docs
 * (docs/checks.md) and a newcomer looking for a rule agree. Rules that read the raw text or the
 * manifest run while the report is loaded (config/, content/); rules that need the report-wide
 * ids (links, images, headings) run while the HTML is compiled (markdown/); the rest run on the
 * parsed trees in check/.
 */
export const ruleIds = {
  /** config/load-manifest.ts */
  manifestSyntax: 'manifest-syntax',
  /** config/load-manifest.ts */
  manifestField: 'manifest-field',
  /** content/load-report.ts */
  chapterMissing: 'chapter-missing',
  /** content/editions.ts */
  translationMissing: 'translation-missing',
  /** content/translation-status.ts */
  translationStale: 'translation-stale',
  /** markdown/heading-ids.ts */
  translationHeadings: 'translation-headings',
  /** content/load-report.ts */
  chapterDuplicate: 'chapter-duplicate',
  /** content/load-report.ts */
  chapterOutside: 'chapter-outside-content',
  /** content/front-matter.ts */
  frontMatterSyntax: 'front-matter-syntax',
  /** content/front-matter.ts */
  frontMatterField: 'front-matter-field',
  /** content/front-matter.ts */
  frontMatterLanguage: 'front-matter-language',
  /** content/read-source.ts */
  encoding: 'encoding',
  /** content/read-source.ts */
  fileUnreadable: 'file-unreadable',
  /** markdown/resolve-links.ts */
  linkMissing: 'link-missing',
  /** markdown/resolve-links.ts */
  linkFileUrl: 'link-file-url',
  /** markdown/resolve-images.ts */
  imageMissing: 'image-missing',
  /** markdown/resolve-images.ts */
  imageType: 'image-type',
  /** markdown/resolve-images.ts */
  imageRemote: 'image-remote',
  /** markdown/resolve-images.ts */
  imageAlt: 'image-alt',
  /** charts/chart-block.ts (syntax, unknown properties), charts/render-charts.ts (what Vega-Lite refuses) */
  chartSpec: 'chart-spec',
  /** charts/chart-data.ts */
  chartData: 'chart-data',
  /** charts/chart-routes.ts */
  chartRemote: 'chart-remote',
  /** check/footnotes.ts */
  footnoteUndefined: 'footnote-undefined',
  /** check/footnotes.ts */
  footnoteUnused: 'footnote-unused',
  /** check/section-empty.ts */
  sectionEmpty: 'section-empty',
  /** check/section-title.ts (headings), content/load-report.ts (a section file with no title) */
  sectionTitle: 'section-title',
  /** markdown/heading-ids.ts */
  headingDuplicate: 'heading-duplicate',
  /** check/glyph-missing.ts */
  glyphMissing: 'glyph-missing',
  /** content/read-source.ts (the file), content/inline-markers.ts (a block) */
  contentTooLarge: 'content-too-large',
  /** content/nesting-depth.ts */
  contentTooDeep: 'content-too-deep',
  /** content/inline-markers.ts */
  contentTooComplex: 'content-too-complex'
} as const;

/** A rule id, as printed in brackets after a message. */
export type RuleId = (typeof ruleIds)[keyof typeof ruleIds];

import {z} from 'zod';

/** A chapter entry: a path, or a path with options. Normalised to the object form. */
const chapterEntry = z
  .union(
    [
      z.string().min(1),
      z.strictObject({
        path: z.string().min(1),
        brief: z.boolean().optional()
      })
    ],
    {error: 'use a path, or `path:` with an optional `brief: true` or `brief: false`'}
  )
  .transform((entry) => (typeof entry === 'string' ? {path: entry, brief: undefined} : entry));

const oneOrMany = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)], {error: 'use a name, or a list of names'})
  .transform((value) => (typeof value === 'string' ? [value] : value));

const languageTag = z
  .string()
  .regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/, 'use a BCP 47 language tag such as `en` or `ru-KZ`');

/**
 * An edition: the report in one language. The first is the source language's (the manifest's
 * `language`); each other edition may give its own title, subtitle, description, keywords and
 * identifier, say which chapters get briefs, and what a section with no translation becomes.
 */
const editionEntry = z.strictObject({
  language: languageTag,
  title: z.string().min(1).optional(),
  subtitle: z.string().min(1).optional(),
  description: z.string().min(1).optional(),
  keywords: z.array(z.string().min(1)).optional(),
  identifier: z.string().min(1).optional(),
  /** Chapters (by slug) whose brief this edition prints; the manifest's `brief` marks otherwise. */
  briefs: z.array(z.string().min(1)).optional(),
  /** The digits of dates and numbers: Latin (`latn`, 0–9) or Arabic-Indic (`arab`, ٠–٩). */
  digits: z.enum(['latn', 'arab']).default('latn'),
  /** A section with no translation: the source text with a notice (`source`), left out (`omit`), or an error. */
  fallback: z.enum(['source', 'omit', 'error']).default('source')
});

/** The fields `report.yaml` may have, as written. */
const manifestFields = z.strictObject({
  title: z.string().min(1),
  subtitle: z.string().min(1).optional(),
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens')
    .optional(),
  publisher: z.string().min(1),
  authors: oneOrMany,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use an ISO date such as `2021-04-07`'),
  language: languageTag,
  identifier: z.string().min(1),
  description: z.string().min(1),
  keywords: z.array(z.string().min(1)).default([]),
  pageSize: z.enum(['A4', 'Letter']).default('A4'),
  briefs: z.boolean().default(false),
  chapters: z.array(chapterEntry).min(1),
  editions: z.array(editionEntry).min(1).optional()
});

/** The schema of `content/report.yaml`; unknown fields are errors, so typos do not pass silently. */
export const manifestSchema = manifestFields
  .superRefine((manifest, context) => {
    const editions = manifest.editions ?? [];
    if (editions.length > 0 && editions[0]!.language !== manifest.language)
      context.addIssue({
        code: 'custom',
        path: ['editions', 0, 'language'],
        message: `the first edition is the source language's, \`${manifest.language}\` (the manifest's \`language\`); list it first`
      });
    const seen = new Set<string>();
    for (const [index, edition] of editions.entries()) {
      if (seen.has(edition.language))
        context.addIssue({
          code: 'custom',
          path: ['editions', index, 'language'],
          message: `\`${edition.language}\` has an edition already; list each language once`
        });
      seen.add(edition.language);
    }
  })
  .transform(({briefs, chapters, editions, ...rest}) => ({
    ...rest,
    chapters: chapters.map((chapter) => ({path: chapter.path, brief: chapter.brief ?? briefs})),
    editions: editions ?? [{language: rest.language, digits: 'latn' as const, fallback: 'source' as const}]
  }));

/** An edition as the manifest gives it. */
export type EditionEntry = z.output<typeof editionEntry>;

/** A validated, normalised manifest. */
export type Manifest = z.output<typeof manifestSchema>;

/** The names of the manifest's fields, for suggestions when one is misspelt. */
export const manifestFieldNames: readonly string[] = Object.keys(manifestFields.shape);

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
  language: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/, 'use a BCP 47 language tag such as `en` or `ru-KZ`'),
  identifier: z.string().min(1),
  description: z.string().min(1),
  keywords: z.array(z.string().min(1)).default([]),
  pageSize: z.enum(['A4', 'Letter']).default('A4'),
  briefs: z.boolean().default(false),
  chapters: z.array(chapterEntry).min(1)
});

/** The schema of `content/report.yaml`; unknown fields are errors, so typos do not pass silently. */
export const manifestSchema = manifestFields.transform(({briefs, chapters, ...rest}) => ({
  ...rest,
  chapters: chapters.map((chapter) => ({path: chapter.path, brief: chapter.brief ?? briefs}))
}));

/** A validated, normalised manifest. */
export type Manifest = z.output<typeof manifestSchema>;

/** The names of the manifest's fields, for suggestions when one is misspelt. */
export const manifestFieldNames: readonly string[] = Object.keys(manifestFields.shape);

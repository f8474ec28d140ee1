import type {Root as HastRoot} from 'hast';
import type {Root as MdastRoot} from 'mdast';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, {defaultSchema, type Options as SanitizeSchema} from 'rehype-sanitize';
import remarkRehype from 'remark-rehype';
import {unified} from 'unified';
import type {VFile} from 'vfile';

/**
 * What contributors' raw HTML may keep: GitHub's schema (no script, style, iframe, object,
 * embed, form, base, meta, event handlers or `javascript:` URLs), with ids kept as written
 * (no clobbering), because Folio makes every id unique across the report itself.
 */
export const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  // `<picture><source srcset>` would name remote images that no check sees; the `<img>` inside stays.
  // Valid elements GitHub's list lacks are kept, and so are `center`, `font` and `big`, which the conformance pass (src/html/conform-html.ts) turns into valid ones: unwrapped, they would lose what the author meant.
  tagNames: [
    ...(defaultSchema.tagNames ?? []).filter((name) => name !== 'picture' && name !== 'source'),
    ...[
      'u',
      'small',
      'mark',
      'abbr',
      'cite',
      'dfn',
      'time',
      'bdi',
      'bdo',
      'wbr',
      'caption',
      'figure',
      'figcaption',
      'center',
      'font',
      'big'
    ]
  ],
  // A removed `<style>` must not leave its CSS behind as visible text.
  strip: [...(defaultSchema.strip ?? []), 'style'],
  clobber: [],
  clobberPrefix: '',
  // `file:` is kept only so that `resolveLinks` can report it as an error (link-file-url), which stops the build.
  protocols: {...defaultSchema.protocols, href: ['http', 'https', 'mailto', 'file']}
};

const converter = unified()
  .use(remarkRehype, {
    allowDangerousHtml: true,
    clobberPrefix: '',
    footnoteLabel: 'Notes',
    footnoteLabelTagName: 'h2',
    // The first back link becomes the note's number (see html/assemble-chapter.ts); a note cited again gets `[2]`, `[3]`.
    footnoteBackContent: (_referenceIndex: number, rereferenceIndex: number) => [
      {type: 'text', value: rereferenceIndex > 1 ? `[${rereferenceIndex}]` : '^'}
    ],
    footnoteBackLabel: (referenceIndex: number, rereferenceIndex: number) =>
      `Back to reference ${referenceIndex + 1}${rereferenceIndex > 1 ? `-${rereferenceIndex}` : ''}`
  })
  .use(rehypeRaw)
  .use(rehypeSanitize, sanitizeSchema);

/** Turn one file's Markdown tree into sanitized HTML (hast); raw HTML is parsed, then cleaned. */
export function markdownToHast(tree: MdastRoot, file: VFile): HastRoot {
  return converter.runSync(structuredClone(tree), file) as HastRoot;
}

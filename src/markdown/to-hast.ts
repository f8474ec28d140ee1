import type {Element, Root as HastRoot} from 'hast';
import type {Root as MdastRoot} from 'mdast';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, {defaultSchema, type Options as SanitizeSchema} from 'rehype-sanitize';
import remarkRehype, {type Options as RemarkRehypeOptions} from 'remark-rehype';
import {find, html} from 'property-information';
import {unified, type Plugin} from 'unified';
import {visit} from 'unist-util-visit';
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

const toHtmlOptions: RemarkRehypeOptions = {
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
};

const converter = converterThrough(rehypeRaw);

/**
 * The same, for a tree that needs no HTML parse (`parsedAsHtml`): rehype-raw's round trip
 * through parse5, HTML's own parser, took two thirds of the conversion (0.29 s of 0.44 s for the
 * benchmark's files), to give back such a tree but for what `asParsed` does
 * (tests/reading-shortcuts.test.ts).
 */
const converterWithoutRaw = converterThrough(() => asParsed);

/** The converter with `parse` between making the HTML tree and cleaning it: both are made here, so that they differ in nothing else. */
function converterThrough(parse: Plugin<[], HastRoot>) {
  return unified().use(remarkRehype, toHtmlOptions).use(parse).use(rehypeSanitize, sanitizeSchema);
}

/**
 * Turn one file's Markdown tree into sanitized HTML (hast); raw HTML is parsed, then cleaned.
 * `raw`: whether to parse the tree as HTML, by default only when that changes more than
 * `asParsed` does (`parsedAsHtml`).
 */
export function markdownToHast(tree: MdastRoot, file: VFile, raw = parsedAsHtml(tree)): HastRoot {
  return (raw ? converter : converterWithoutRaw).runSync(structuredClone(tree), file) as HastRoot;
}

type MdastNode = MdastRoot | MdastRoot['children'][number];

/**
 * Whether a tree goes through HTML's parser: when it holds raw HTML, or a link inside a link
 * (a note cited, or an address, in a link's text), which the parser splits in two.
 */
export function parsedAsHtml(node: MdastNode, inLink = false): boolean {
  if (node.type === 'html') return true;
  const link = node.type === 'link' || node.type === 'linkReference' || node.type === 'footnoteReference';
  if (link && inLink) return true;
  return 'children' in node && node.children.some((child) => parsedAsHtml(child, inLink || link));
}

/**
 * What going through parse5 changes in a tree that needs no HTML parse: an attribute set to
 * `true` that is not a boolean one gets the empty string, an attribute set to `false` or `null`
 * is dropped, as HTML reads them; an element keeps no `data` (a code block's meta); an empty text
 * goes, and texts next to each other become one, which comes from no one place in the source;
 * the first text in a `pre` loses a leading line feed, as HTML's parser drops one after `<pre>`;
 * an empty document has no position; and the root says that it is not in quirks mode.
 */
function asParsed(tree: HastRoot): void {
  tree.data = {quirksMode: false};
  // A document of nothing the parser keeps (only front matter or definitions) has no place in the source.
  if (tree.children.length === 0) delete tree.position;
  visit(tree, (node) => {
    if (node.type === 'element') {
      delete node.data;
      for (const [name, value] of Object.entries(node.properties)) {
        if (value === false || value === null || value === undefined) delete node.properties[name];
        else if (value === true) {
          const info = find(html, name);
          if (!info.boolean && !info.overloadedBoolean) node.properties[name] = '';
        }
      }
      if (node.tagName === 'pre') dropLeadingLineFeed(node);
    }
    if ('children' in node) node.children = joinTexts(node.children);
  });
}

/** Drop the line feed that starts the first text inside `parent`, when no other text comes before it. */
function dropLeadingLineFeed(parent: Element): void {
  const first = parent.children[0];
  if (first?.type === 'element') dropLeadingLineFeed(first);
  else if (first?.type === 'text' && first.value.startsWith('\n'))
    if (first.value === '\n') parent.children.shift();
    else parent.children[0] = {...first, value: first.value.slice(1)};
}

function joinTexts<T extends HastRoot['children'][number]>(children: T[]): T[] {
  const joined: T[] = [];
  for (const child of children) {
    const last = joined.at(-1);
    if (child.type === 'text' && child.value === '') continue; // No character, so nothing the parser keeps.
    if (child.type === 'text' && last?.type === 'text')
      joined[joined.length - 1] = {type: 'text', value: last.value + child.value} as T;
    else joined.push(child);
  }
  return joined;
}

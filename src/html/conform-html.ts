import type {Element, ElementContent, Parents, Properties, Root} from 'hast';
import {phrasing} from 'hast-util-phrasing';
import {visit} from 'unist-util-visit';
import type {Messages} from '../messages/catalogue.js';
import {headingText} from './heading-text.js';

/**
 * Make one file's sanitized HTML valid HTML5, and so valid XHTML in the EPUB, whatever the
 * author wrote, keeping what the author meant:
 * - obsolete elements become their modern equivalents (`tt` → `code`, `strike` → `s`,
 *   `center` → a centred `div`, `font` → `span`);
 * - presentational attributes become classes that the templates style (`align="right"` →
 *   `align-right`, `valign`, `nowrap`, a table's `border`), and every attribute HTML5 does not
 *   allow on its element is dropped (`width="80%"` on a table, `cellpadding`, `summary`, …); an
 *   old `<a name>` anchor becomes an `id`, so links to it keep working;
 * - a heading with no text (an image's alt text counts) becomes a paragraph;
 * - a task list's checkboxes become a marker with words a screen reader says ("done");
 * - block content where only phrasing content may go (a `<p>` inside a `<span>` or a heading)
 *   becomes `span`s of class `block`, and list items outside a list get one;
 * - a note reference that the HTML parser took out of a link it stood in (`[text[^1]](url)`;
 *   links cannot nest) gets back its superscript, and the empty one it left is dropped.
 * Runs before ids are made unique, so that the ids it adds are made unique too.
 */
export function conformHtml(tree: Root, messages: Messages): void {
  conformChildren(tree, 'flow');
  // Task markers say their state in the report's language.
  visit(tree, 'element', (node) => {
    const classes = node.properties.className;
    if (!Array.isArray(classes) || !classes.includes('task-marker')) return;
    const words = node.children[0];
    if (words?.type === 'element')
      words.children = [
        {type: 'text', value: `${messages.text(classes.includes('task-done') ? 'taskDone' : 'taskToDo')} `}
      ];
  });
}

/** Where an element stands: where any content may go, or only phrasing content. */
type Context = 'flow' | 'phrasing';

/** Obsolete elements and what they become. */
const renamed: Readonly<Record<string, {tagName: string; className?: string}>> = {
  tt: {tagName: 'code'},
  strike: {tagName: 's'},
  big: {tagName: 'span'},
  center: {tagName: 'div', className: 'align-center'},
  font: {tagName: 'span'}
};

/**
 * Elements whose content is kept to phrasing content: those HTML5 limits to it (`summary` may
 * also hold headings), and `dt`, `caption` and `figcaption`, whose looser rules are not worth
 * telling apart here.
 */
const phrasingOnly = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'summary',
  'dt',
  'caption',
  'figcaption',
  'legend',
  'label'
]);
/** Elements whose content takes the context they stand in. */
const transparent = new Set(['a', 'ins', 'del']);

/** Attributes valid on every element (hast property names), and those valid only on some. */
const globalProperties = new Set([
  'id',
  'className',
  'title',
  'lang',
  'dir',
  'hidden',
  'tabIndex',
  'accessKey',
  'role'
]);
const elementProperties: Readonly<Record<string, ReadonlySet<string>>> = {
  a: new Set(['href', 'hrefLang', 'rel', 'type']),
  img: new Set(['src', 'alt', 'width', 'height']),
  ol: new Set(['start', 'reversed', 'type']),
  li: new Set(['value']),
  td: new Set(['colSpan', 'rowSpan', 'headers']),
  th: new Set(['colSpan', 'rowSpan', 'headers', 'scope', 'abbr']),
  blockquote: new Set(['cite']),
  q: new Set(['cite']),
  ins: new Set(['cite', 'dateTime']),
  del: new Set(['cite', 'dateTime']),
  time: new Set(['dateTime']),
  details: new Set(['open'])
};

const alignments = new Set(['left', 'right', 'center', 'justify']);
const verticalAlignments = new Set(['top', 'middle', 'bottom', 'baseline']);
const directions = new Set(['ltr', 'rtl', 'auto']);

function conformChildren(parent: Parents, context: Context): void {
  const children: Array<Root['children'][number]> = [];
  for (const child of parent.children) {
    if (child.type === 'comment' || child.type === 'doctype') continue; // Sanitizing removed them; never let one through.
    if (child.type !== 'element') {
      children.push(child);
      continue;
    }
    children.push(...conformElement(child, parent, context));
  }
  parent.children = wrapStrayItems(parent, children) as typeof parent.children;
}

/** The element made valid where it stands, with its content; may become its content alone, or be moved. */
function conformElement(node: Element, parent: Parents, context: Context): ElementContent[] {
  const rename = renamed[node.tagName];
  if (rename) {
    node.tagName = rename.tagName;
    if (rename.className) addClass(node, rename.className);
  }
  if (node.tagName === 'input') return [taskMarker(node)];
  // A heading that says nothing opens no section and names nothing: a paragraph keeps what it holds (the check stage warns).
  if (/^h[1-6]$/.test(node.tagName) && headingText(node) === '') node.tagName = 'p';
  if (node.tagName === 'a' && typeof node.properties.name === 'string' && node.properties.id === undefined)
    node.properties.id = node.properties.name;
  conformProperties(node);
  const headingInSummary = parent.type === 'element' && parent.tagName === 'summary' && /^h[1-6]$/.test(node.tagName);
  if (context === 'phrasing' && !phrasing(node) && !headingInSummary) {
    // Block content where only phrasing may go: the same text in spans that the styles show as blocks.
    addClass(node, 'block', `block-${node.tagName}`);
    node.tagName = 'span';
    node.properties = keepOnly(node.properties, globalProperties);
  }
  conformChildren(node, contentContext(node, context));
  if (node.tagName === 'sup' && node.children.length === 0) return [];
  if (node.properties.dataFootnoteRef !== undefined && !(parent.type === 'element' && parent.tagName === 'sup'))
    return [wrap('sup', [node])];
  if (node.tagName === 'table') moveCaptionFirst(node);
  return [node];
}

/** Where the content of `node`, standing in `context`, stands. */
function contentContext(node: Element, context: Context): Context {
  if (transparent.has(node.tagName)) return context;
  return phrasingOnly.has(node.tagName) || phrasing(node) ? 'phrasing' : 'flow';
}

/** Presentational attributes to classes; attributes HTML5 does not allow on this element dropped. */
function conformProperties(node: Element): void {
  const properties = node.properties;
  const align = lower(properties.align);
  if (align && alignments.has(align)) {
    if (node.tagName === 'img') addClass(node, align === 'center' ? 'align-center' : `float-${align}`);
    else addClass(node, `align-${align}`);
  }
  const valign = lower(properties.vAlign);
  if (valign && verticalAlignments.has(valign)) addClass(node, `valign-${valign}`);
  if (properties.noWrap !== undefined && properties.noWrap !== false) addClass(node, 'nowrap');
  if (node.tagName === 'table' && properties.border !== undefined && String(properties.border) !== '0')
    addClass(node, 'bordered');
  if (node.tagName === 'img') {
    for (const size of ['width', 'height'] as const)
      if (!/^\d+$/.test(String(properties[size] ?? ''))) delete properties[size];
  }
  if (properties.dir !== undefined && !directions.has(lower(properties.dir) ?? '')) delete properties.dir;
  if (node.tagName === 'li' && !/^-?\d+$/.test(String(properties.value ?? ''))) delete properties.value;
  const allowed = elementProperties[node.tagName];
  node.properties = keepOnly(properties, globalProperties, allowed);
}

/** Only the properties in `sets`, with `data-*` and `aria-*` ones, which are valid everywhere. */
function keepOnly(properties: Properties, ...sets: Array<ReadonlySet<string> | undefined>): Properties {
  const kept: Properties = {};
  for (const [name, value] of Object.entries(properties)) {
    if (value === undefined || value === null) continue;
    if (/^(data|aria)[A-Z]/.test(name) || sets.some((set) => set?.has(name))) kept[name] = value;
  }
  return kept;
}

/**
 * A task list's checkbox as a marker the styles draw as a box (ticked when done), with its
 * state in words for screen readers and for reading systems that show no styles.
 */
function taskMarker(input: Element): Element {
  const done = input.properties.checked !== undefined && input.properties.checked !== false;
  return {
    type: 'element',
    tagName: 'span',
    properties: {className: ['task-marker', done ? 'task-done' : 'task-open']},
    children: [
      {
        type: 'element',
        tagName: 'span',
        properties: {className: ['sr-only']},
        children: [] // The words, in the report's language, come at the end of `conformHtml`.
      }
    ]
  };
}

/** A `caption` must be a table's first child. */
function moveCaptionFirst(table: Element): void {
  const index = table.children.findIndex((child) => child.type === 'element' && child.tagName === 'caption');
  if (index > 0) table.children.unshift(...table.children.splice(index, 1));
}

/** List items outside a list, and list contents that are not items, get the container they need. */
function wrapStrayItems(parent: Parents, children: Array<Root['children'][number]>): Array<Root['children'][number]> {
  const tag = parent.type === 'element' ? parent.tagName : '';
  if (tag === 'ul' || tag === 'ol')
    return children.map((child) => (child.type === 'element' && child.tagName !== 'li' ? wrap('li', [child]) : child));
  if (tag === 'dl')
    return children.map((child) =>
      child.type === 'element' && !['dt', 'dd', 'div'].includes(child.tagName) ? wrap('dd', [child]) : child
    );
  if (
    tag === 'div' &&
    children.some((child) => child.type === 'element' && (child.tagName === 'dt' || child.tagName === 'dd'))
  )
    return children; // A group inside a `dl`.
  const result: Array<Root['children'][number]> = [];
  let wrapper: Element | undefined;
  for (const child of children) {
    const container =
      child.type === 'element'
        ? child.tagName === 'li'
          ? 'ul'
          : child.tagName === 'dt' || child.tagName === 'dd'
            ? 'dl'
            : undefined
        : undefined;
    if (!container) {
      if (child.type !== 'text' || child.value.trim() !== '') wrapper = undefined;
      result.push(child);
    } else if (wrapper?.tagName === container) {
      wrapper.children.push(child as ElementContent);
    } else {
      wrapper = wrap(container, [child as ElementContent]);
      result.push(wrapper);
    }
  }
  return result;
}

function wrap(tagName: string, children: ElementContent[]): Element {
  return {type: 'element', tagName, properties: {}, children};
}

function addClass(node: Element, ...names: string[]): void {
  const value: unknown = node.properties.className;
  const current = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
  node.properties.className = [...new Set([...current, ...names])];
}

function lower(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

import type {Element, ElementContent, Root} from 'hast';
import {headingRank} from 'hast-util-heading-rank';
import {h} from 'hastscript';
import {visit} from 'unist-util-visit';
import {claimId, type IdRegistry} from '../markdown/heading-ids.js';
import {headingText} from './heading-text.js';
import type {Messages} from '../messages/catalogue.js';
import type {CompiledChapter, ContentsEntry} from './model.js';

/**
 * Join a chapter's files into one `<section class="chapter">`: each level-2 heading opens a
 * `<section class="section">`, and the footnotes of all files are gathered, numbered from 1
 * per chapter, into one endnotes section at the end, with links both ways.
 */
export function assembleChapter(
  chapter: {slug: string; title: string; brief: boolean; idPrefix: string},
  trees: readonly Root[],
  registry: IdRegistry,
  messages: Messages
): CompiledChapter {
  const {idPrefix, ...rest} = chapter;
  const notesId = claimId(registry, `${idPrefix}--notes`);
  const notes: Element[] = [];
  const body: ElementContent[] = [];
  for (const tree of trees) {
    notes.push(...takeFootnotes(tree, notes.length, notesId, messages));
    body.push(...(tree.children as ElementContent[]));
  }
  const {opening, sections} = groupSections(body);
  const titleHeading = opening.find((node): node is Element => node.type === 'element' && headingRank(node) === 1);
  const id = (titleHeading?.properties.id as string | undefined) ?? claimId(registry, `${idPrefix}--title`);
  const children: ElementContent[] = [...opening, ...sections.map((section) => section.element)];
  if (notes.length > 0) {
    children.push(
      h('section.endnotes', {role: 'doc-endnotes', ariaLabelledBy: notesId}, [
        h('h2', {id: notesId}, messages.text('notes')),
        h('ol', notes)
      ])
    );
  }
  return {
    ...rest,
    id,
    sections: sections.map((section) => section.entry),
    tree: h(
      'section.chapter',
      {id: claimId(registry, `chapter-${idPrefix}`), ariaLabelledBy: id, dataChapter: chapter.slug},
      children
    )
  };
}

/**
 * Remove the file's footnote list and return its items; renumber the file's references to
 * continue from `offset` and point their description at the chapter's Notes heading.
 */
function takeFootnotes(tree: Root, offset: number, notesId: string, messages: Messages): Element[] {
  const index = tree.children.findIndex(
    (node) => node.type === 'element' && node.properties.dataFootnotes !== undefined
  );
  if (index === -1) return [];
  const [section] = tree.children.splice(index, 1) as Element[];
  const items: Element[] = [];
  visit(section!, 'element', (node) => {
    if (node.tagName === 'li') items.push(node);
  });
  const numbers = new Map(items.map((item, position) => [`#${String(item.properties.id)}`, offset + position + 1]));
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'a' || node.properties.dataFootnoteRef === undefined) return;
    const number = numbers.get(String(node.properties.href));
    if (number === undefined) return;
    node.children = [{type: 'text', value: String(number)}];
    node.properties.ariaDescribedBy = [notesId];
    node.properties.role = 'doc-noteref';
  });
  for (const [position, item] of items.entries()) {
    numberLinksBack(item, offset + position + 1, messages);
    // A class, not `role="doc-endnote"`, which DPUB-ARIA 1.1 deprecates: the list item is the note.
    item.properties.className = ['endnote'];
  }
  return items;
}

/**
 * The note's number becomes its link back to the text, at the start of the note, as in
 * printed endnotes; the arrow at the end is dropped (the shipped fonts have no arrows).
 * Further back links, for a note referenced twice, stay at the end.
 */
function numberLinksBack(item: Element, number: number, messages: Messages): void {
  const links: Array<{node: Element; parent: Element}> = [];
  visit(item, 'element', (node, _index, parent) => {
    if (node.properties.dataFootnoteBackref !== undefined && parent?.type === 'element') links.push({node, parent});
  });
  const first = links[0];
  if (!first) return;
  const {node, parent} = first;
  parent.children = parent.children.filter((child) => child !== node);
  // The space remark-rehype put before the arrow is no longer needed.
  const last = parent.children.at(-1);
  if (last?.type === 'text') last.value = last.value.trimEnd();
  node.children = [{type: 'text', value: `${number}.`}];
  node.properties = {
    ...node.properties,
    ariaLabel: messages.text('noteBacklink', {number}),
    role: 'doc-backlink',
    className: ['note-number']
  };
  const firstParagraph =
    item.children.find((child): child is Element => child.type === 'element' && child.tagName === 'p') ?? item;
  firstParagraph.children.unshift(node, {type: 'text', value: ' '});
  for (const [position, other] of links.slice(1).entries()) {
    other.node.properties = {
      ...other.node.properties,
      ariaLabel: messages.text('referenceBacklink', {number, index: position + 2}),
      role: 'doc-backlink'
    };
  }
}

/** Split a chapter's content at each level-2 heading into sections; what comes first is the opening. */
function groupSections(nodes: readonly ElementContent[]) {
  const opening: ElementContent[] = [];
  const sections: Array<{element: Element; entry: ContentsEntry}> = [];
  for (const node of nodes) {
    if (node.type === 'element' && headingRank(node) === 2) {
      const id = String(node.properties.id);
      sections.push({
        element: h('section.section', {ariaLabelledBy: id}, [node]),
        entry: {id, title: headingText(node)}
      });
    } else if (sections.length > 0) {
      sections.at(-1)!.element.children.push(node);
    } else {
      opening.push(node);
    }
  }
  return {opening, sections};
}

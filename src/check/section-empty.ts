import type {Heading, RootContent} from 'mdast';
import {toString} from 'mdast-util-to-string';
import type {Chapter} from '../content/model.js';
import {reportWarning} from '../diagnostics/messages.js';
import {ruleIds} from '../diagnostics/rule-ids.js';

/** Nodes that print nothing a reader sees: they do not make a section non-empty. */
const invisible = new Set(['html', 'definition', 'yaml']);

/**
 * Warn about sections with nothing in them: a level-2 heading followed, before the next
 * level-1 or level-2 heading of its chapter, by no text (subsections with text count), and
 * a chapter with nothing but its title.
 */
export function checkEmptySections(chapter: Chapter): void {
  const nodes = chapter.files.flatMap((source) => source.tree.children.map((node) => ({node, file: source.file})));
  let open: {heading: Heading; file: Chapter['files'][number]['file']; filled: boolean} | undefined;
  const close = () => {
    if (open && !open.filled) {
      reportWarning(
        open.file,
        `Section \`${toString(open.heading)}\` is empty; write its text or remove the heading`,
        open.heading.position,
        ruleIds.sectionEmpty
      );
    }
  };
  let chapterFilled = false;
  for (const {node, file} of nodes) {
    if (node.type === 'heading' && node.depth <= 2) {
      close();
      open = node.depth === 2 ? {heading: node, file, filled: false} : undefined;
      continue;
    }
    if (!hasContent(node)) continue;
    chapterFilled = true;
    if (open) open.filled = true;
  }
  close();
  const opening = chapter.files[0];
  const title = opening?.tree.children[0];
  if (opening && !chapterFilled && title?.type === 'heading') {
    reportWarning(
      opening.file,
      `Chapter \`${chapter.title}\` is empty; write its text or remove it from \`report.yaml\``,
      title.position,
      ruleIds.sectionEmpty
    );
  }
}

/** Whether `node` shows the reader anything besides a heading. */
function hasContent(node: RootContent): boolean {
  if (invisible.has(node.type) || node.type === 'heading') return false;
  return (
    node.type !== 'paragraph' || toString(node).trim() !== '' || node.children.some((child) => child.type === 'image')
  );
}

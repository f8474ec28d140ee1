import type {Root} from 'mdast';
import type {VFile} from 'vfile';
import {z} from 'zod';
import {ruleIds} from '../diagnostics/rule-ids.js';
import {parseYaml} from '../config/yaml.js';
import {reportError} from '../diagnostics/messages.js';

const frontMatterSchema = z.strictObject({
  title: z.string().min(1).optional(),
  /** In a translation: the version of the source it translates (see src/content/translation-status.ts). */
  translates: z
    .string({
      // A stamp of digits alone, unquoted, reads as a number (and loses its leading zeros).
      error: (issue) =>
        typeof issue.input === 'number'
          ? 'the stamp reads as a number: put it in quotes (`translates: "…"`), or stamp the file again with `folio translations --stamp`'
          : undefined
    })
    .regex(/^[0-9a-f]{12}$/, 'use the 12-character stamp `folio translations --stamp` writes')
    .optional()
});

/** Validated front matter of a section or chapter file. */
export type FrontMatter = z.output<typeof frontMatterSchema>;

/**
 * Take the YAML front matter out of `tree` and validate it. It is read as data only:
 * a `---js` block is reported as an error, never evaluated.
 */
export function extractFrontMatter(tree: Root, file: VFile): FrontMatter {
  const fence = /^---([^\s-][^\n]*)\n/.exec(String(file.value));
  if (fence) {
    reportError(file, `Front matter must be YAML; \`---${fence[1]}\` is not read. Use a plain \`---\` fence`, {line: 1, column: 1}, ruleIds.frontMatterLanguage);
    dropFencedBlock(tree, file);
  }
  const first = tree.children[0];
  if (!first || first.type !== 'yaml') return {};
  tree.children.shift();
  const startLine = first.position?.start.line ?? 1;
  const yaml = parseYaml(first.value, startLine);
  for (const error of yaml.errors) {
    reportError(file, `Invalid front matter: ${error.reason}`, error, ruleIds.frontMatterSyntax);
  }
  if (yaml.errors.length > 0) return {};
  const result = frontMatterSchema.safeParse(yaml.value ?? {});
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const reason =
      issue.code === 'unrecognized_keys'
        ? `Unknown front matter field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `\`${key}\``).join(', ')}; only \`title\` and, in a translation, \`translates\` are read`
        : `Invalid front matter \`${issue.path.map(String).join('.')}\`: ${issue.message}`;
    reportError(file, reason, yaml.placeOf(issue.path), ruleIds.frontMatterField);
  }
  return {};
}

/** Remove what Markdown made of a `---js` block (up to its closing `---`), so its code is not printed either. */
function dropFencedBlock(tree: Root, file: VFile): void {
  const lines = String(file.value).split('\n');
  const end = lines.findIndex((line, index) => index > 0 && /^---\s*$/.test(line));
  if (end === -1) return;
  tree.children = tree.children.filter((node) => (node.position?.start.line ?? Number.POSITIVE_INFINITY) > end + 1);
}

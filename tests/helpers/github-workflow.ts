import {readFileSync} from 'node:fs';
import {parse} from 'yaml';

/** One job of the build matrix, as GitHub Actions would run it. */
export interface MatrixJob {
  /** The arguments of each `npm run folio -- …` step, the matrix value put in. */
  folioCommands: string[][];
  /** The name of the artifact it uploads. */
  artifact: string;
}

/** What the tests need of the GitHub Actions workflow that a Markdown file documents. */
export interface DocumentedWorkflow {
  build: {
    env: Record<string, string>;
    jobs: MatrixJob[];
    /** The upload step's `path` lines: `folder/*.ext` or `folder/`. */
    uploads: string[];
  };
  collect: {
    /** Whether its download step takes every one of these artifacts, into one folder. */
    takes: (artifacts: readonly string[]) => boolean;
  };
}

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}

interface Job {
  needs?: string | string[];
  env?: Record<string, string>;
  strategy?: {matrix?: Record<string, unknown[]>};
  steps: Step[];
}

/**
 * Read the workflow in the first `yaml` block under the heading `### GitHub Actions` of
 * `markdownFile`: its `build` job, one per matrix value, and its `collect` job. Throws on what
 * these tests cannot run as GitHub would (an expression other than the matrix's, a command other
 * than `npm run folio`, a quoted argument), so that the documentation cannot drift past them.
 */
export function githubWorkflow(markdownFile: string): DocumentedWorkflow {
  const markdown = readFileSync(markdownFile, 'utf8');
  const section = markdown.slice(markdown.indexOf('### GitHub Actions'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error(`${markdownFile}: no yaml block under "### GitHub Actions"`);
  const {jobs} = parse(block[1]!) as {jobs: Record<string, Job>};
  const build = jobs.build!;
  const [key, values] = Object.entries(build.strategy?.matrix ?? {})[0] ?? [];
  if (!key || !values) throw new Error('the build job has no matrix');
  const upload = build.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
  const download = jobs.collect?.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'));
  if (!upload || !download || jobs.collect?.needs !== 'build')
    throw new Error('the build job uploads no artifact, or no collect job (needs: build) downloads them');
  return {
    build: {
      env: build.env ?? {},
      jobs: values.map((value) => {
        const put = (text: string) => withMatrix(text, key, String(value));
        return {
          folioCommands: build.steps.filter((step) => step.run).map((step) => folioArguments(put(step.run!))),
          artifact: put(String(upload.with?.name))
        };
      }),
      uploads: String(upload.with?.path)
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
    },
    collect: {
      takes: (artifacts) => {
        const pattern = new RegExp(`^${String(download.with?.pattern).split('*').map(escapeRegExp).join('.*')}$`);
        return download.with?.['merge-multiple'] === true && artifacts.every((name) => pattern.test(name));
      }
    }
  };
}

/** `text` with `${{ matrix.<key> }}` replaced by `value`; any other expression is an error. */
function withMatrix(text: string, key: string, value: string): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (expression, name: string) => {
    if (name !== `matrix.${key}`) throw new Error(`the workflow uses ${expression}, which these tests cannot evaluate`);
    return value;
  });
}

/** The arguments of `npm run folio -- …`. */
function folioArguments(command: string): string[] {
  const match = /^npm run folio -- ([^'"\\\n]+)$/.exec(command.trim());
  if (!match) throw new Error(`the workflow runs \`${command}\`; these tests run only \`npm run folio -- …\``);
  return match[1]!.trim().split(/\s+/);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

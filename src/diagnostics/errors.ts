import type {VFile} from 'vfile';

/** Base class of every error Folio reports to a user: printed without a stack trace. */
export class FolioError extends Error {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The content has errors (with positions in `files`); `outcome` says what became of the build, if there was one. */
export class ContentError extends FolioError {
  readonly files: VFile[];
  constructor(files: VFile[], outcome = '') {
    const count = files.flatMap((file) => file.messages).filter((message) => message.fatal).length;
    super(`${count} error${count === 1 ? '' : 's'} in the content${outcome}.`);
    this.files = files;
  }
}

/** A stage of the build (printing, packaging) failed for a reason outside the content. */
export class StageError extends FolioError {
  readonly stage: string;
  constructor(stage: string, message: string, options?: {cause?: unknown}) {
    super(`${stage}: ${message}`, options);
    this.stage = stage;
  }
}

/** The first line of an error's message: enough to say what failed, without the browser's call log. */
export function firstLine(error: unknown): string {
  // Without a closing period: it is quoted inside a sentence of Folio's own.
  return ((error as Error)?.message ?? String(error)).split('\n')[0]!.replace(/\.+$/, '');
}

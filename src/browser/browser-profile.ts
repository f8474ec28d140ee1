import {rmSync} from 'node:fs';
import {mkdtemp, readlink, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

/**
 * The profile folder of one Chromium, which Folio owns and removes itself, once nothing of that
 * browser is left to write into it.
 *
 * Puppeteer's own temporary profile is removed as soon as the browser's main process exits. When
 * that process dies alone (a crash, the out-of-memory killer), its helpers (zygotes, renderers,
 * services) outlive it for a moment and may still write into the profile while it is removed.
 * So the profile is made here, and `remove` first ends the browser's whole process group.
 */
export interface BrowserProfile {
  /** The folder to pass as Chromium's `--user-data-dir`. */
  readonly dir: string;
  /**
   * End every process left in Chromium's process group (`pid` is its main process, which
   * puppeteer starts as the group's leader), then remove the folder, and the scratch folder
   * that a Chromium which did not exit cleanly leaves in TMPDIR. Never fails: a folder left
   * behind is not worth failing a build, or hiding the error that ended it.
   */
  remove(pid: number | undefined): Promise<void>;
  /**
   * Note the scratch folder of the Chromium now running on the profile, for `remove`: a browser
   * killed in the middle of its own shutdown has already unlinked it from the profile, but not
   * yet removed it.
   */
  noteScratch(): Promise<void>;
}

const removeOptions = {recursive: true, force: true, maxRetries: 5} as const;

export async function makeBrowserProfile(): Promise<BrowserProfile> {
  const dir = await mkdtemp(path.join(tmpdir(), 'folio-chromium-'));
  // A build cut short by Ctrl-C ends in `process.exit` (puppeteer's handler, after it has
  // killed the browser), where only synchronous work still runs.
  const removeAtExit = () => {
    try {
      rmSync(dir, removeOptions);
    } catch {
      // Exiting anyway; the folder is only left behind.
    }
  };
  process.once('exit', removeAtExit);
  let noted: string | undefined;
  return {
    dir,
    async noteScratch() {
      noted = await singletonFolder(dir);
    },
    async remove(pid) {
      if (pid) killProcessGroup(pid);
      const scratch = await singletonFolder(dir);
      await Promise.all(
        [...new Set([dir, noted, scratch])].map((folder) => folder && rm(folder, removeOptions).catch(() => undefined))
      );
      process.off('exit', removeAtExit);
    }
  };
}

/**
 * Send SIGKILL to process group `pgid`. A killed process runs none of its own code again, so
 * nothing of the group writes after this returns. An empty group (ESRCH) is already gone.
 */
function killProcessGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // ESRCH: nothing left to end. EPERM cannot happen to a group this process started.
  }
}

/**
 * Chromium keeps its single-instance socket in a folder of its own in TMPDIR
 * (`org.chromium.Chromium.XXXXXX`), linked from the profile, and removes it only when it exits
 * cleanly. Returns that folder, when the profile still links to one.
 */
async function singletonFolder(profile: string): Promise<string | undefined> {
  const socket = await readlink(path.join(profile, 'SingletonSocket')).catch(() => undefined);
  const folder = socket && path.dirname(socket);
  return folder && path.dirname(folder) === tmpdir() && path.basename(folder).startsWith('org.chromium.Chromium.')
    ? folder
    : undefined;
}

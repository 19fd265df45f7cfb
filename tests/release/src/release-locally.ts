/**
 * What `pnpm release:local` runs in its repository copy: `pnpm release:version`, the "Version Packages"
 * commit, `pnpm release`, exactly as the release workflow runs them, except that the publish asks for no
 * provenance: a local registry is not npmjs.org, and outside GitHub Actions pnpm refuses a publish that asks for
 * it (failures.test.ts shows both). So a maintainer's shell or a workspace setting asking for it cannot break
 * the local rehearsal.
 */
import { PUBLISH_COMMAND, VERSION_COMMAND } from './commands.js';
import type { Ran } from './run.js';
import type { Stage } from './stage.js';

/** pnpm 12 reads provenance from PNPM_CONFIG_PROVENANCE (and --provenance); release:local says no, explicitly. */
export const LOCAL_PUBLISH_ENV = { PNPM_CONFIG_PROVENANCE: 'false' };

/**
 * Versions, commits and publishes in the copy; `shell` is what the maintainer's shell adds to the environment.
 * Throws with the command's output when one fails.
 */
export async function releaseLocally(
  s: Stage,
  shell: NodeJS.ProcessEnv = {},
  show: { start(line: string): void; done(ran: Ran): void } = { start() {}, done() {} },
): Promise<void> {
  for (const line of [VERSION_COMMAND, PUBLISH_COMMAND]) {
    show.start(line);
    const r = await s.sh(line, line === PUBLISH_COMMAND ? { ...shell, ...LOCAL_PUBLISH_ENV } : shell);
    show.done(r);
    if (r.code !== 0) throw new Error(`${line} exited ${r.code}:\n${r.output}`);
    if (line === VERSION_COMMAND) await s.commitVersion();
  }
}

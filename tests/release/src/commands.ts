/**
 * The commands the release workflow runs (checked against .github/workflows/release.yml by the workflows
 * test): the tests run exactly these, so the workflow cannot call something the tests did not.
 */
export const VERSION_COMMAND = 'pnpm release:version';
export const PUBLISH_COMMAND = 'pnpm release';

/**
 * What the spec watch runs between the README's `pnpm install` and `pnpm build && pnpm test` (checked against
 * .github/workflows/spec-watch.yml); the spec-bump test runs them, on a recorded newer spec, in this order.
 */
export const SPEC_WATCH_COMMANDS = ['pnpm specs:pull', 'pnpm specs:update'];

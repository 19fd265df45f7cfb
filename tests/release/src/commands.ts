/**
 * The commands the release workflow runs (checked against .github/workflows/release.yml by the workflows
 * test): the tests run exactly these, so the workflow cannot call something the tests did not.
 */
export const VERSION_COMMAND = 'pnpm release:version';
export const PUBLISH_COMMAND = 'pnpm release';

#!/usr/bin/env tsx
/**
 * `pnpm release:local`: the release the tests rehearse, for a human to watch and poke at. In a copy of this
 * repository (the checkout is never changed) it starts a local Verdaccio, sets a placeholder `repository`,
 * runs `pnpm release:version` and `pnpm release` against it, installs every package by name in a scratch
 * project with npm and calls the emulator it installed. Then it keeps the registry up and prints how to use
 * it, until Ctrl-C (which removes everything it made).
 */
import { call, npmInstall } from './consumer.js';
import { releaseLocally } from './release-locally.js';
import { stage, TEST_REPOSITORY } from './stage.js';

const step = (line: string) => console.log(`\n▶ ${line}`);

step(
  'copying the repository, starting Verdaccio on 127.0.0.1 (no uplinks) and filling in third-party packages',
);
const s = await stage('local', { repository: TEST_REPOSITORY });
const stop = async (code: number) => {
  await s.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
try {
  console.log(`registry ${s.registry.url}, repository copy ${s.repo}`);
  await releaseLocally(
    s,
    {},
    {
      start: (line) => step(`${line}   (in the copy)`),
      done: (r) => console.log(r.output.trim()),
    },
  );
  const dir = s.consumer('npm');
  const specs = ['multi', 'backoffice', 'webhooks', 'simulator', 'emulator'].map((p) => `@weavr-sdk/${p}`);
  step(`npm install ${specs.join(' ')}   (in ${dir})`);
  await npmInstall(s, dir, specs);
  step(
    'node call.mjs   (starts the installed emulator and creates a corporate through the installed client)',
  );
  console.log(JSON.stringify(await call(dir, 'call.mjs')));
  console.log(`
The registry stays up until Ctrl-C. Try, from any folder:
  npm view @weavr-sdk/multi --registry ${s.registry.url}
  npm install @weavr-sdk/multi --registry ${s.registry.url}
The versioned copy (CHANGELOG.md files, tags: git -C ${s.repo} tag) and the consumer are under ${s.work}.`);
} catch (e) {
  console.error(`release:local: ${(e as Error).message}`);
  await stop(1);
}

/**
 * A real npm registry for the release tests: Verdaccio 6.8.0 (the last line that runs on Node 20) in its own
 * process on 127.0.0.1 and a free port, its storage and users in a temp folder, no uplinks (nothing it is asked
 * for goes anywhere else). `@weavr-sdk/*` may be published by the user `releaser` only (`contributor` may
 * publish the emulator alone), so another user gets a 403 and no token a 401.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Registry {
  /** http://127.0.0.1:PORT/ */
  url: string;
  /** registers a user and returns its token */
  addUser(name: string): Promise<string>;
  /**
   * writes an npmrc naming this registry (read by npm and pnpm alike) and holding the token, if one is given
   * (for NPM_CONFIG_USERCONFIG)
   */
  npmrc(file: string, token?: string): string;
  stop(): Promise<void>;
}

export const RELEASER = 'releaser';
/** may publish @weavr-sdk/emulator only: a token that gets 403 for every other package */
export const CONTRIBUTOR = 'contributor';

const launcher = fileURLToPath(new URL('./verdaccio-server.mjs', import.meta.url));

function config(dir: string): string {
  return `storage: ${JSON.stringify(join(dir, 'storage'))}
auth:
  htpasswd:
    file: ${JSON.stringify(join(dir, 'htpasswd'))}
    max_users: 100
uplinks: {}
packages:
  '@weavr-sdk/emulator':
    access: $all
    publish: ${RELEASER} ${CONTRIBUTOR}
    unpublish: ${RELEASER}
  '@weavr-sdk/*':
    access: $all
    publish: ${RELEASER}
    unpublish: ${RELEASER}
  '**':
    access: $all
    publish: $authenticated
    unpublish: $authenticated
log: { type: stdout, format: pretty, level: warn }
web: { enable: false }
max_body_size: 100mb
`;
}

export async function startRegistry(dir: string): Promise<Registry> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'config.yaml');
  writeFileSync(file, config(dir));
  const child: ChildProcess = spawn(process.execPath, [launcher, file], {
    cwd: dir,
    stdio: ['pipe', 'pipe', 'pipe'], // stdin: closes when this process dies, which stops the server
  });
  let log = '';
  child.stderr?.on('data', (c: Buffer) => {
    log += c;
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Verdaccio did not start within 30 s:\n${log}`)), 30_000);
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c;
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Verdaccio exited (${code}) before listening:\n${log}`));
    });
  });
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    async addUser(name) {
      const res = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password: `pw-${name}-${process.pid}` }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as { token?: string; error?: string };
      if (!body.token) throw new Error(`Verdaccio refused the user ${name}: ${res.status} ${body.error}`);
      return body.token;
    },
    npmrc(target, token) {
      const host = url.replace(/^http:/, '');
      writeFileSync(target, `registry=${url}\n${token ? `${host}:_authToken=${token}\n` : ''}`);
      return target;
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      });
    },
  };
}

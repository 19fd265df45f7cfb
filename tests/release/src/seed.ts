/**
 * The registry has no uplinks, so the third-party packages the SDK depends on (openapi-fetch, ajv, …) are put
 * into it first, from the copies this checkout installed: each at the version installed, sent with npm's
 * publish request (a PUT of the packument with the tarball attached) straight to the local registry.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { must, shellEnv } from './run.js';

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** Where `name` resolves from `from`, as Node's node_modules walk finds it. */
function locate(name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) throw new Error(`${name}: not installed where ${from} would find it`);
  }
}

/** The third-party packages (not @weavr-sdk/*) the given package folders need at run time, transitively. */
export function thirdPartyClosure(packageDirs: string[]): Map<string, string> {
  const found = new Map<string, string>(); // name@version → folder
  const visit = (dir: string) => {
    const m = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    for (const dep of Object.keys(m.dependencies ?? {})) {
      if (dep.startsWith('@weavr-sdk/')) continue;
      const at = locate(dep, dir);
      const v = (JSON.parse(readFileSync(join(at, 'package.json'), 'utf8')) as Manifest).version;
      if (found.has(`${dep}@${v}`)) continue;
      found.set(`${dep}@${v}`, at);
      visit(at);
    }
  };
  for (const d of packageDirs) visit(realpathSync(d));
  return found;
}

/** Publishes one installed package folder to the registry as it is (scripts and publishConfig dropped). */
async function publishFolder(registry: string, token: string, dir: string, work: string): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  const { scripts: _s, publishConfig: _p, ...clean } = manifest;
  const stem = `${manifest.name.replace('/', '+')}-${manifest.version}`;
  const file = join(work, `${stem}.tgz`);
  // tar packs a copy: the installed folder's files are hard links into pnpm's store, and a pnpm install running
  // beside this one links them again, which changes their ctime; GNU tar then stops with "file changed as we read it".
  const copy = join(work, stem);
  const nested = join(dir, 'node_modules');
  cpSync(dir, copy, { recursive: true, filter: (src) => src !== nested && !src.startsWith(`${nested}/`) });
  try {
    await must('tar', ['czf', file, '--transform', 's,^\\.,package,', '-C', copy, '.'], {
      cwd: copy,
      env: shellEnv(),
    });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  const bytes = readFileSync(file);
  const base = manifest.name.split('/').at(-1);
  const attachment = `${base}-${manifest.version}.tgz`;
  const body = {
    _id: manifest.name,
    name: manifest.name,
    'dist-tags': { latest: manifest.version },
    versions: {
      [manifest.version]: {
        ...clean,
        _id: `${manifest.name}@${manifest.version}`,
        dist: {
          shasum: createHash('sha1').update(bytes).digest('hex'),
          integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
          tarball: `${registry}${manifest.name}/-/${attachment}`,
        },
      },
    },
    _attachments: {
      [attachment]: {
        content_type: 'application/octet-stream',
        data: bytes.toString('base64'),
        length: bytes.length,
      },
    },
  };
  const res = await fetch(`${registry}${manifest.name.replace('/', '%2f')}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok)
    throw new Error(`seeding ${manifest.name}@${manifest.version}: ${res.status} ${await res.text()}`);
}

/** Puts every third-party package the given folders need into the registry. Returns name@version of each. */
export async function seedThirdParty(
  registry: string,
  token: string,
  packageDirs: string[],
  work: string,
): Promise<string[]> {
  const closure = thirdPartyClosure(packageDirs);
  await Promise.all([...closure.values()].map((dir) => publishFolder(registry, token, dir, work)));
  return [...closure.keys()];
}

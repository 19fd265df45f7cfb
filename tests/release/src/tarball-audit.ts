/**
 * What must never be in a published tarball: tests, source maps that point outside the package (they would
 * leak paths of the build machine or ship sources that are not there), secrets.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** Patterns of credentials as they appear in files (npm, GitHub and AWS tokens, private keys, npmrc auth). */
export const SECRET_PATTERNS: [string, RegExp][] = [
  ['npm token', /\bnpm_[A-Za-z0-9]{36}\b/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['npmrc credential', /_authToken\s*=|_password\s*=/],
];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Problems found in an unpacked tarball (its `package/` folder), each naming the file; none is []. */
export function auditPackage(root: string, extraSecrets: string[] = []): string[] {
  const problems: string[] = [];
  for (const file of walk(root)) {
    const rel = relative(root, file);
    if (/(^|\/)(test|tests|__tests__)\//.test(rel) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(rel))
      problems.push(`${rel}: a test`);
    const text = readFileSync(file, 'utf8');
    if (rel.endsWith('.map')) {
      const map = JSON.parse(text) as { sources?: string[]; sourceRoot?: string };
      for (const src of map.sources ?? []) {
        const target = resolve(join(root, rel, '..'), map.sourceRoot ?? '', src);
        if (!target.startsWith(`${root}/`) || !existsSync(target))
          problems.push(`${rel}: source ${src} is not in the package`);
      }
    }
    for (const m of text.matchAll(/\/[/*]# sourceMappingURL=(\S+?)(?:\s|\*\/|$)/g)) {
      const url = m[1] as string;
      if (url.startsWith('data:')) continue;
      const target = resolve(join(root, rel, '..'), url);
      if (!target.startsWith(`${root}/`) || !existsSync(target))
        problems.push(`${rel}: sourceMappingURL ${url} is not in the package`);
    }
    for (const [what, re] of SECRET_PATTERNS)
      if (re.test(text)) problems.push(`${rel}: looks like a ${what}`);
    for (const secret of extraSecrets)
      if (text.includes(secret)) problems.push(`${rel}: holds a known secret`);
  }
  return problems;
}

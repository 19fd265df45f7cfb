import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository root (this file is tests/docs/src/blocks.ts). */
export const repoRoot = join(import.meta.dirname, '..', '..', '..');

/**
 * One TypeScript block of a Markdown file, with what its fence info says (the convention is written down in
 * docs/README.md):
 *
 * - ```ts / ```tsx: a complete program, type-checked with TypeScript 5.9 and 7;
 * - `run`: also run against a freshly started emulator, and it must exit 0 having checked its result;
 * - `fragment=NAME`: continues from docs/contexts/NAME.ts, whose exports it may use without importing them.
 */
export interface Block {
  /** The Markdown file, relative to the repository root. */
  readonly file: string;
  /** The line of the opening fence (1-based). */
  readonly line: number;
  readonly lang: 'ts' | 'tsx';
  readonly run: boolean;
  readonly fragment: string | undefined;
  readonly code: string;
}

const FENCE = /^(\s*)(`{3,})(\S*)(.*)$/;
const KNOWN_INFO = /^(?:run|fragment=[a-z][a-z-]*)$/;

/** The ts/tsx blocks of a Markdown text. Unknown fence info on a TypeScript block is an error, not skipped. */
export function blocksOf(markdown: string, file: string): Block[] {
  const lines = markdown.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (!open) continue;
    const [, indent = '', ticks = '', lang = '', rest = ''] = open;
    const end = lines.findIndex(
      (l, j) => j > i && l.trimStart().startsWith(ticks) && !l.trim().slice(ticks.length),
    );
    if (end < 0) throw new Error(`${file}:${i + 1}: a code fence is never closed`);
    if (['ts', 'tsx', 'typescript'].includes(lang)) {
      if (lang === 'typescript') throw new Error(`${file}:${i + 1}: write \`\`\`ts, not \`\`\`typescript`);
      const words = rest.trim().split(/\s+/).filter(Boolean);
      const unknown = words.filter((w) => !KNOWN_INFO.test(w));
      if (unknown.length)
        throw new Error(`${file}:${i + 1}: unknown fence info ${unknown.join(' ')} (see docs/README.md)`);
      const code = lines
        .slice(i + 1, end)
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
        .join('\n');
      out.push({
        file,
        line: i + 1,
        lang: lang as 'ts' | 'tsx',
        run: words.includes('run'),
        fragment: words.find((w) => w.startsWith('fragment='))?.slice('fragment='.length),
        code: `${code}\n`,
      });
    }
    i = end;
  }
  return out;
}

/** The Markdown files whose blocks are tests: the root README, docs/ (all of it) and each package's README. */
export function documentedFiles(): string[] {
  const docs = join(repoRoot, 'docs');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
    );
  const packages = readdirSync(join(repoRoot, 'packages'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .filter((e) => {
      // Published packages only: a private one's README is read in this repository, not by users.
      const manifest = join(repoRoot, 'packages', e.name, 'package.json');
      return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).private !== true;
    })
    .map((e) => join(repoRoot, 'packages', e.name, 'README.md'))
    .filter((f) => existsSync(f));
  return [join(repoRoot, 'README.md'), ...walk(docs), ...packages].map((f) => relative(repoRoot, f));
}

/** The names a context module exports: `export const|let|function|class|type|interface NAME`, `export { A, B }`. */
export function exportedNames(source: string): string[] {
  const declared = [
    ...source.matchAll(
      /^export\s+(?:declare\s+)?(?:async\s+)?(?:const|let|function|class|type|interface)\s+(\w+)/gm,
    ),
  ].map((m) => m[1] as string);
  const listed = [...source.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}/gm)].flatMap((m) =>
    (m[1] as string)
      .split(',')
      .map(
        (n) =>
          n
            .trim()
            .split(/\s+as\s+/)
            .pop()
            ?.replace(/^type\s+/, '') ?? '',
      )
      .filter(Boolean),
  );
  return [...new Set([...declared, ...listed])];
}

/** The context's names a fragment uses without declaring or importing them itself. */
export function namesTaken(code: string, names: readonly string[]): string[] {
  const declares = (name: string) =>
    new RegExp(
      `\\b(?:const|let|var|function|class|type|interface)\\s+${name}\\b|import\\s+(?:type\\s+)?\\{[^}]*\\b${name}\\b[^}]*\\}`,
    ).test(code);
  return names.filter((n) => new RegExp(`\\b${n}\\b`).test(code) && !declares(n));
}

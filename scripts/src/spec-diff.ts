#!/usr/bin/env tsx
/**
 * Compares two versions of an OpenAPI document and prints what changed for SDK users, each change
 * classified breaking or additive. The last line is `spec diff: B breaking, A additive`.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { defineCommand, runCommand, runWhenMain } from './lib/cli.js';
import { diffSpecs, type SpecDiff } from './lib/diff.js';
import { renderText } from './lib/diff-report.js';
import { notOpenApi3, type OpenApiDocument, parseDocument } from './lib/spec.js';

const HELP = `Usage: spec-diff [--json] [--fail-on-breaking] OLD NEW

Compares two versions of an OpenAPI 3.x document (JSON or YAML files) and lists
operations added, removed and deprecated, and for the other operations the
parameters, request fields, enum values, response fields and status codes and
security that changed, each marked BREAKING or additive. The last line is
"spec diff: B breaking, A additive".

  --json              print the changes as JSON instead
  --fail-on-breaking  exit 1 when anything breaks (for CI gates)
  --help              this text

Example: pnpm specs:diff ../shared/specs/history/multi-3.32.1.yaml specs/multi.json`;

export class DiffError extends Error {}

/** Reads and parses one side of the comparison, with a one-line error naming the file. */
export function readSpec(file: string): OpenApiDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DiffError(
      `${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
    );
  }
  let doc: unknown;
  try {
    doc = parseDocument(text);
  } catch (e) {
    throw new DiffError(`${file}: neither JSON nor YAML (${String((e as Error).message).split('\n')[0]}).`);
  }
  const why = notOpenApi3(doc);
  if (why) throw new DiffError(`${file}: not an OpenAPI 3.x document (${why}).`);
  return doc as OpenApiDocument;
}

export function diffFiles(oldFile: string, newFile: string): SpecDiff {
  const oldDoc = readSpec(oldFile);
  const newDoc = readSpec(newFile);
  try {
    return diffSpecs(oldDoc, newDoc);
  } catch (e) {
    throw new DiffError(`cannot compare ${oldFile} and ${newFile}: ${(e as Error).message}.`);
  }
}

const command = defineCommand({
  name: 'spec-diff',
  help: HELP,
  options: { json: { type: 'boolean' }, 'fail-on-breaking': { type: 'boolean' } },
  positionals: true,
  errors: [DiffError],
  run({ values, positionals }, { print, printError }) {
    if (positionals.length !== 2) {
      printError(`spec-diff: expected two files, OLD and NEW, got ${positionals.length}. See --help.`);
      return 2;
    }
    const [oldFile, newFile] = positionals.map((f) => resolve(process.env.INIT_CWD ?? process.cwd(), f)) as [
      string,
      string,
    ];
    const diff = diffFiles(oldFile, newFile);
    if (values.json) print(JSON.stringify(diff, null, 2));
    else print(renderText(diff, basename(oldFile), basename(newFile)));
    return values['fail-on-breaking'] && diff.breaking > 0 ? 1 : 0;
  },
});

/** The command line, printing through `print` and `printError`; resolves with the exit code. */
export function main(argv: string[], print = console.log, printError = console.error): Promise<number> {
  return runCommand(command, argv, { print, printError });
}

runWhenMain(command, import.meta.url);

/**
 * The command line every script in scripts/src shares, so each behaves the same way: a usage error prints one
 * line naming the script and exits 2, `--help` prints the help and exits 0, the script's own errors (bad input,
 * a refused spec) print one line and exit 1, and anything else is a bug, thrown with its stack.
 */

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { repoRoot } from './project.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type ErrorClass = abstract new (...args: never[]) => Error;

/** What `parseArgs` returns for these options (`--help` included). */
export type ParsedArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O & { help: { type: 'boolean' } }; allowPositionals: true }>
>;

/** Where a script prints: its output, and its one-line errors. */
export interface Printers {
  print: (line: string) => void;
  printError: (line: string) => void;
}

export interface Command<O extends Options> {
  /** The script's name: every line it prints to stderr starts with it. */
  name: string;
  /** Printed by `--help`. */
  help: string;
  /** `parseArgs` options; `--help` is added. */
  options: O;
  /** Whether the script takes positional arguments (an unexpected one is a usage error otherwise). */
  positionals: boolean;
  /** The errors that are reported as one line and exit code 1. */
  errors: readonly ErrorClass[];
  /** Does the work; resolves with the exit code. */
  run(args: ParsedArgs<O>, io: Printers): Promise<number> | number;
}

/** The command as written, its options' types kept literal so that `run` sees typed values. */
export function defineCommand<const O extends Options>(command: Command<O>): Command<O> {
  return command;
}

/** The project root `--root DIR` names (relative to the working directory), or this repository. */
export function rootOption(root: string | undefined): string {
  return root ? resolve(root) : repoRoot;
}

/** A generator's command line: `--root DIR` and nothing else; runs `generate(root)`. */
export function generatorCommand(
  name: string,
  help: string,
  error: ErrorClass,
  generate: (root: string) => unknown,
): Command<{ root: { type: 'string' } }> {
  return defineCommand({
    name,
    help,
    options: { root: { type: 'string' } },
    positionals: false,
    errors: [error],
    async run({ values }) {
      await generate(rootOption(values.root));
      return 0;
    },
  });
}

const consolePrinters: Printers = { print: console.log, printError: console.error };

/** Runs a command on these arguments and resolves with its exit code. */
export async function runCommand<O extends Options>(
  command: Command<O>,
  argv: string[],
  io: Printers = consolePrinters,
): Promise<number> {
  let args: ParsedArgs<O>;
  try {
    args = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean' } },
      allowPositionals: command.positionals,
    }) as ParsedArgs<O>;
  } catch (e) {
    io.printError(`${command.name}: ${(e as Error).message}. See --help.`);
    return 2;
  }
  if ((args.values as { help?: boolean }).help) {
    io.print(command.help);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (!command.errors.some((known) => e instanceof known)) throw e;
    io.printError(`${command.name}: ${(e as Error).message}`);
    return 1;
  }
}

/**
 * Runs the command when its module is the script node was started with (`tsx scripts/src/<name>.ts`), and sets
 * the process's exit code; a module merely imported (specs-update imports pull-specs) runs nothing.
 */
export function runWhenMain<O extends Options>(command: Command<O>, moduleUrl: string): void {
  const entry = process.argv[1];
  if (!entry || (moduleUrl !== pathToFileURL(entry).href && !entry.endsWith(`${command.name}.ts`))) return;
  runCommand(command, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

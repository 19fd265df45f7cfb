/** `weavr-emulator`'s arguments: one table gives the help text, the parser's options and every error message. */
import { parseArgs } from 'node:util';

interface Flag {
  /** The value's placeholder in the help text; none for a switch. */
  value?: string;
  help: string;
}

export const FLAGS = {
  port: { value: 'N', help: 'port to listen on (default 4100; 0 picks a free one)' },
  host: { value: 'H', help: 'interface to listen on (default 127.0.0.1)' },
  'api-key': { value: 'KEY', help: "the programme's API key (default: a random one, printed)" },
  'webhook-url': { value: 'URL', help: "POST webhooks to URL + the event's path (default: none)" },
  'card-authorisation-url': {
    value: 'URL',
    help: 'forward simulator purchases to URL/managed_cards/authorisation_request\nfor a decision within 1.5 s (default: none)',
  },
  'state-file': { value: 'FILE', help: 'save the state there and load it at start (default: memory only)' },
  seed: {
    value: 'FILE',
    help: 'start with the identities, instruments and balances in FILE (JSON, see the README)',
  },
  help: { help: 'this text' },
} satisfies Record<string, Flag>;

export type FlagName = keyof typeof FLAGS;
export type Args = { [K in FlagName]?: (typeof FLAGS)[K] extends { value: string } ? string : boolean };
/** The arguments with the port read as a number (4100 unless given). */
export type Parsed = Omit<Args, 'port'> & { port: number };

const usage = (name: string, flag: Flag) => `--${name}${flag.value ? ` ${flag.value}` : ''}`;
const entries = () => Object.entries(FLAGS) as [FlagName, Flag][];

/** The list every argument error ends with, so a wrong flag never needs a second run with `--help`. */
export const VALID = `Valid options: ${entries()
  .map(([n, f]) => usage(n, f))
  .join(', ')}.`;

export const HELP = `Usage: weavr-emulator [options]

A local, stateful Weavr (Multi, Back-Office and sandbox-simulator APIs) for tests.

${entries()
  .map(([n, f]) => {
    const [first, ...more] = f.help.split('\n');
    const left = `  ${usage(n, f)}`;
    const pad = ' '.repeat(21);
    const head = left.length < 20 ? `${left.padEnd(21)}${first}` : `${left}\n${pad}${first}`;
    return [head, ...more.map((l) => `${pad}${l}`)].join('\n');
  })
  .join('\n')}

Stop it with Ctrl-C.`;

/** Thrown for an argument that cannot be used; its message says what was wrong and lists the valid options. */
export class ArgsError extends Error {}

/** What Node's parser says, in the CLI's words (the parser's own messages name no alternatives). */
function explain(e: NodeJS.ErrnoException): string {
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted}'`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      // Quoted only when it looks like an option: a bare word may be a key typed without its flag.
      return quoted.startsWith('-')
        ? `unexpected argument '${quoted}'`
        : 'unexpected argument (every option starts with --, e.g. --api-key KEY)';
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = /^--?([\w-]+)/.exec(quoted)?.[1] as FlagName | undefined;
      const flag = name ? (FLAGS[name] as Flag | undefined) : undefined;
      if (name && flag?.value) return `--${name} needs a value (${usage(name, flag)})`;
      if (name) return `--${name} takes no value`;
      return e.message;
    }
    default:
      return e.message;
  }
}

/**
 * Parses the CLI's arguments. A leading `--` is dropped: `pnpm emulator -- --port 4100` passes it on.
 * @throws ArgsError naming what was wrong and listing the valid options
 */
export function parseCliArgs(argv: readonly string[]): Parsed {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let values: Args;
  try {
    ({ values } = parseArgs({
      args,
      options: Object.fromEntries(
        entries().map(([n, f]) => [n, { type: f.value ? ('string' as const) : ('boolean' as const) }]),
      ),
      strict: true,
      allowPositionals: false,
    }) as { values: Args });
  } catch (e) {
    throw new ArgsError(`${explain(e as NodeJS.ErrnoException)}. ${VALID}`);
  }
  const port = Number(values.port ?? 4100);
  if (values.port?.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new ArgsError(`--port must be a whole number from 0 to 65535 (got '${values.port}'). ${VALID}`);
  for (const name of ['webhook-url', 'card-authorisation-url'] as const) {
    const v = values[name];
    if (v !== undefined && !/^https?:\/\/./.test(v))
      // Not quoted: a URL may carry credentials.
      throw new ArgsError(`--${name} must be an http(s) URL. ${VALID}`);
  }
  for (const name of ['host', 'api-key', 'state-file', 'seed'] as const)
    if (values[name]?.trim() === '') throw new ArgsError(`--${name} must not be empty. ${VALID}`);
  return { ...values, port };
}

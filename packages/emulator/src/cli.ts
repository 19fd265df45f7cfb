#!/usr/bin/env node
/** `weavr-emulator`: runs the emulator in the foreground and prints where everything is. */
import { parseArgs } from 'node:util';
import { startEmulator } from './index.js';

const HELP = `Usage: weavr-emulator [--port N] [--host H] [--api-key KEY] [--webhook-url URL]
                      [--card-authorisation-url URL] [--state-file FILE]

A local, stateful Weavr (Multi, Back-Office and sandbox-simulator APIs) for tests.

  --port N           port to listen on (default 4100; 0 picks a free one)
  --host H           interface to listen on (default 127.0.0.1)
  --api-key KEY      the programme's API key (default: a random one, printed)
  --webhook-url URL  POST webhooks to URL + the event's path (default: none)
  --card-authorisation-url URL
                     forward simulator purchases to URL/managed_cards/authorisation_request
                     for a decision within 1.5 s (default: none)
  --state-file FILE  save the state there and load it at start (default: memory only)
  --help             this text

Stop it with Ctrl-C.`;

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'api-key': { type: 'string' },
        'webhook-url': { type: 'string' },
        'card-authorisation-url': { type: 'string' },
        'state-file': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    console.error(`weavr-emulator: ${(e as Error).message}. See --help.`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = Number(values.port ?? 4100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('weavr-emulator: --port must be a whole number from 0 to 65535.');
    return 2;
  }
  const emu = await startEmulator({
    port,
    ...(typeof values.host === 'string' ? { host: values.host } : {}),
    ...(typeof values['api-key'] === 'string' ? { apiKey: values['api-key'] } : {}),
    ...(typeof values['webhook-url'] === 'string' ? { webhookUrl: values['webhook-url'] } : {}),
    ...(typeof values['card-authorisation-url'] === 'string'
      ? { cardAuthorisationUrl: values['card-authorisation-url'] }
      : {}),
    ...(typeof values['state-file'] === 'string' ? { stateFile: values['state-file'] } : {}),
  });
  console.log(`Weavr emulator listening on ${emu.url}
  Multi API        ${emu.url}/multi
  Back-Office API  ${emu.url}/multi/backoffice
  Simulator        ${emu.url}/simulate/api
  API key          ${emu.apiKey}   (also the simulator's programme-key)
  Profiles
${Object.entries(emu.profiles)
  .map(([k, v]) => `    ${k.padEnd(22)} ${v}`)
  .join('\n')}
  One-time passwords, email and step-up codes: 123456`);
  const stop = () => {
    emu.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (e: Error) => {
    console.error(`weavr-emulator: ${e.message}`);
    process.exitCode = 1;
  },
);

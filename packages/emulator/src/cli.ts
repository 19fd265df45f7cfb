#!/usr/bin/env node
/** `weavr-emulator`: runs the emulator in the foreground and prints where everything is. */
import { ArgsError, HELP, type Parsed, parseCliArgs } from './cli-args.js';
import { startEmulator } from './index.js';

async function main(argv: string[]): Promise<number> {
  let values: Parsed;
  try {
    values = parseCliArgs(argv);
  } catch (e) {
    if (!(e instanceof ArgsError)) throw e;
    console.error(`weavr-emulator: ${e.message} See --help.`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = values.port;
  const emu = await startEmulator({
    port,
    ...(typeof values.host === 'string' ? { host: values.host } : {}),
    ...(typeof values['api-key'] === 'string' ? { apiKey: values['api-key'] } : {}),
    ...(typeof values['webhook-url'] === 'string' ? { webhookUrl: values['webhook-url'] } : {}),
    ...(typeof values['card-authorisation-url'] === 'string'
      ? { cardAuthorisationUrl: values['card-authorisation-url'] }
      : {}),
    ...(typeof values['state-file'] === 'string' ? { stateFile: values['state-file'] } : {}),
    ...(typeof values.seed === 'string' ? { seed: values.seed } : {}),
  });
  const seeded = Object.entries(emu.seeded).flatMap(([kind, byRef]) =>
    Object.entries(byRef as Record<string, string | { id: string }>).map(
      ([ref, v]) => `    ${kind.padEnd(16)} ${ref.padEnd(20)} ${typeof v === 'string' ? v : v.id}`,
    ),
  );
  console.log(`Weavr emulator listening on ${emu.url}
  Multi API        ${emu.url}/multi
  Back-Office API  ${emu.url}/multi/backoffice
  Simulator        ${emu.url}/simulate/api
  API key          ${emu.apiKey}   (also the simulator's programme-key)
  Profiles
${Object.entries(emu.profiles)
  .map(([k, v]) => `    ${k.padEnd(22)} ${v}`)
  .join('\n')}
  One-time passwords, email and step-up codes: 123456
  Admin API        ${emu.url}/_emulator (with the api-key header)${seeded.length ? `\n  Seeded\n${seeded.join('\n')}` : ''}`);
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

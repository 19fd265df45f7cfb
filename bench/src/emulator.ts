/**
 * The emulator's speed and memory: a mix of reads and writes, from 32 concurrent keep-alive clients, against the
 * emulator in a forked process; requests per second over the whole run, and the emulator's heap after a full GC
 * at each tenth of it. The writes leave the state the size it was (idempotent replays, block/unblock pairs,
 * password checks), so a growing heap would be a leak, not data.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface EmulatorResult {
  requests: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  /** Answers by status. */
  statuses: Record<string, number>;
  /** The emulator's heap (bytes, after GC) at 0 %, 10 %, … 100 % of the run. */
  heap: number[];
}

const CONCURRENCY = 32;

interface Started {
  url: string;
  apiKey: string;
  profiles: Record<string, string>;
}

async function startProcess() {
  const child = fork(fileURLToPath(new URL('./emulator-process.ts', import.meta.url)), [], {
    stdio: 'inherit',
    execArgv: ['--expose-gc', '--import', 'tsx'],
  });
  const started = await new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the emulator did not start within 30 s')), 30_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as Started);
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited early (${code})`)));
  });
  const heap = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m) => resolve((m as { heapUsed: number }).heapUsed));
      child.send('heap');
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send('stop');
      setTimeout(() => child.kill(), 5000).unref();
    });
  return { ...started, heap, stop };
}

async function call(url: string, method: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** A corporate with a signed-in user, an account with money and a card, made through the API itself. */
async function seed(s: Started) {
  const m = `${s.url}/multi`;
  const key = { 'api-key': s.apiKey };
  const email = `bench+${Date.now()}@example.com`;
  const corp = await call(`${m}/corporates`, 'POST', key, {
    profileId: s.profiles.corporates,
    rootUser: {
      name: 'Bench',
      surname: 'Mark',
      email,
      mobile: { countryCode: '+44', number: '7700900123' },
      companyPosition: 'DIRECTOR',
    },
    company: { name: 'Bench Ltd', type: 'LLC', registrationCountry: 'GB' },
    ipAddress: '192.0.2.10',
    baseCurrency: 'EUR',
  });
  await call(`${m}/passwords/${corp.json.rootUser.id.id}/create`, 'POST', key, {
    password: { value: 'Bench-Pass-123' },
  });
  const login = await call(`${m}/login_with_password`, 'POST', key, {
    email,
    password: { value: 'Bench-Pass-123' },
  });
  const access = await call(
    `${m}/access_token`,
    'POST',
    { ...key, authorization: `Bearer ${login.json.token}` },
    {
      identity: corp.json.id,
    },
  );
  const auth = { ...key, authorization: `Bearer ${access.json.token}` };
  // Instruments wait for the corporate's KYB (the emulator's default, as on the sandbox): the simulator approves it.
  await call(`${s.url}/simulate/api/corporates/${corp.json.id.id}/verify`, 'POST', {
    'programme-key': s.apiKey,
  });
  const account = await call(`${m}/managed_accounts`, 'POST', auth, {
    profileId: s.profiles.managedAccounts,
    friendlyName: 'Bench',
    currency: 'EUR',
  });
  await call(
    `${s.url}/simulate/api/accounts/${account.json.id}/deposit`,
    'POST',
    { 'programme-key': s.apiKey },
    {
      depositAmount: { currency: 'EUR', amount: 1_000_000 },
    },
  );
  const card = await call(`${m}/managed_cards`, 'POST', auth, {
    profileId: s.profiles.managedCards,
    mode: 'PREPAID_MODE',
    currency: 'EUR',
    friendlyName: 'Bench',
    nameOnCard: 'Bench Mark',
    billingAddress: { addressLine1: '1 Road', city: 'London', postCode: 'N1 9GU', country: 'GB' },
  });
  return { m, key, auth, accountId: account.json.id as string, cardId: card.json.id as string };
}

export async function runEmulator(opts: {
  requests: number;
  log: (l: string) => void;
}): Promise<EmulatorResult> {
  const emu = await startProcess();
  try {
    const { m, key, auth, accountId, cardId } = await seed(emu);
    const transfer = {
      profileId: emu.profiles.transfers,
      source: { type: 'managed_accounts', id: accountId },
      destination: { type: 'managed_cards', id: cardId },
      destinationAmount: { currency: 'EUR', amount: 1 },
    };
    // The mix, one request each in turn: five reads, three state-neutral writes.
    const mix: ((i: number) => Promise<{ status: number }>)[] = [
      () => call(`${m}/managed_accounts/${accountId}`, 'GET', auth),
      () => call(`${m}/managed_cards?limit=10`, 'GET', auth),
      () => call(`${m}/transfers?limit=5`, 'GET', auth),
      () => call(`${m}/managed_accounts/${accountId}/statement?limit=10`, 'GET', auth),
      () => call(`${m}/identities`, 'GET', auth),
      (i) => call(`${m}/transfers`, 'POST', { ...auth, 'idempotency-ref': `bench-${i % 50}` }, transfer),
      (i) => call(`${m}/managed_cards/${cardId}/${i % 16 < 8 ? 'block' : 'unblock'}`, 'POST', auth),
      () => call(`${m}/passwords/validate`, 'POST', key, { password: { value: 'Bench-Pass-123' } }),
    ];
    const statuses: Record<string, number> = {};
    const heap = [await emu.heap()];
    const tenth = Math.max(1, Math.floor(opts.requests / 10));
    let next = 0;
    let done = 0;
    let paused: Promise<void> | undefined;
    const t0 = performance.now();
    let measuring = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < opts.requests; i = next++) {
          if (paused) await paused;
          const { status } = await (mix[i % mix.length] as (i: number) => Promise<{ status: number }>)(i);
          statuses[status] = (statuses[status] ?? 0) + 1;
          done++;
          if (done % tenth === 0 && !paused) {
            // Stop the load while the heap is read, so the reading is not timed.
            const m0 = performance.now();
            paused = emu.heap().then((h) => {
              heap.push(h);
              measuring += performance.now() - m0;
              paused = undefined;
            });
          }
        }
      }),
    );
    if (paused) await paused;
    const seconds = (performance.now() - t0 - measuring) / 1000;
    const perSecond = opts.requests / seconds;
    opts.log(
      `  emulator: ${opts.requests} mixed requests, ${CONCURRENCY} clients: ${perSecond.toFixed(0)} requests/s; heap after GC ${heap.map((h) => (h / 1048576).toFixed(1)).join(' → ')} MB; statuses ${JSON.stringify(statuses)}`,
    );
    return { requests: opts.requests, concurrency: CONCURRENCY, seconds, perSecond, statuses, heap };
  } finally {
    await emu.stop();
  }
}

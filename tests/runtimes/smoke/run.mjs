// The smoke test every runtime runs against the built packages: plain JavaScript (no TypeScript, no test
// runner) so Node, Bun, Deno and a browser bundle all execute exactly this file. It throws on the first surprise
// and returns what it saw; the server side of the checks lives in ../runtimes.test.ts.
import { createBackofficeClient } from '@weavr-sdk/backoffice';
import { createMultiClient, WeavrNotFoundError } from '@weavr-sdk/multi';

function expect(ok, what) {
  if (!ok) throw new Error(`smoke: ${what}`);
}

/** @param {string} base the API server, e.g. http://127.0.0.1:1234 */
export async function runSmoke(base) {
  const multi = createMultiClient({
    apiKey: 'smoke-api-key',
    token: 'smoke-token',
    baseUrl: `${base}/multi`,
  });

  const card = await multi.GET('/managed_cards/{id}', { params: { path: { id: '110141187013853702' } } });
  expect(card.response.status === 200, `GET /managed_cards/{id}: status ${card.response.status}`);
  expect(
    card.data?.id === '110141187013853702',
    `GET /managed_cards/{id}: body ${JSON.stringify(card.data)}`,
  );
  expect(card.requestRef === 'smoke-request-ref', `GET: requestRef ${card.requestRef}`);

  // The server answers 503 to the first attempt of each idempotency-ref, then 201: the client must retry.
  const transfer = await multi.POST('/transfers', {
    body: {
      profileId: '110141186813853702',
      source: { type: 'managed_accounts', id: '110141186813853702' },
      destination: { type: 'managed_cards', id: '110141187013853702' },
      destinationAmount: { currency: 'EUR', amount: 1000 },
    },
  });
  expect(transfer.response.status === 201, `POST /transfers: status ${transfer.response.status}`);
  expect(transfer.data?.id === 'transfer-1', `POST /transfers: body ${JSON.stringify(transfer.data)}`);
  expect(
    typeof transfer.idempotencyRef === 'string' && transfer.idempotencyRef.length > 0,
    'POST: idempotencyRef',
  );

  // Typed errors survive bundling and each runtime's module loader.
  let thrown;
  try {
    await multi
      .withOptions({ throwOnError: true })
      .GET('/managed_cards/{id}', { params: { path: { id: 'missing' } } });
  } catch (e) {
    thrown = e;
  }
  expect(thrown instanceof WeavrNotFoundError, `404 with throwOnError: got ${thrown}`);
  expect(
    thrown.status === 404 && !String(JSON.stringify(thrown)).includes('smoke-api-key'),
    '404 error shape',
  );

  const backoffice = createBackofficeClient({ apiKey: 'smoke-api-key', baseUrl: `${base}/backoffice` });
  const access = await backoffice.POST('/access_token', {
    body: { identity: { type: 'CORPORATE', id: '110141186813853702' } },
  });
  expect(
    access.response.status === 200 && access.data?.token,
    `POST /access_token: ${access.response.status}`,
  );

  return {
    card: card.data.id,
    transfer: { status: transfer.response.status, idempotencyRef: transfer.idempotencyRef },
    notFound: thrown.name,
    backofficeToken: Boolean(access.data.token),
  };
}

/**
 * Against a Prism mock of the Multi spec (served at the root): Prism checks each request against the spec
 * (credentials, path, body) and answers with a generated response, so a 2xx means the request was valid.
 * @param {string} base Prism's URL
 */
export async function runAgainstPrism(base) {
  const multi = createMultiClient({ apiKey: 'smoke-api-key', token: 'smoke-token', baseUrl: base });
  const card = await multi.GET('/managed_cards/{id}', { params: { path: { id: '110141187013853702' } } });
  expect(
    card.response.ok && typeof card.data === 'object',
    `Prism GET /managed_cards/{id}: ${card.response.status}`,
  );
  const transfer = await multi.POST('/transfers', {
    body: {
      profileId: '110141186813853702',
      source: { type: 'managed_accounts', id: '110141186813853702' },
      destination: { type: 'managed_cards', id: '110141187013853702' },
      destinationAmount: { currency: 'EUR', amount: 1000 },
    },
  });
  expect(
    transfer.response.ok,
    `Prism POST /transfers: ${transfer.response.status} ${transfer.response.headers.get('sl-violations') ?? ''}`,
  );
  return {
    get: card.response.status,
    post: transfer.response.status,
    idempotencyRef: transfer.idempotencyRef,
  };
}

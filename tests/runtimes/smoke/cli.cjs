// Entry for Node's CommonJS loader: the same checks through `require()` of the packages' .cjs builds.
const { createMultiClient, WeavrNotFoundError } = require('@weavr-sdk/multi');
const { createBackofficeClient } = require('@weavr-sdk/backoffice');

async function main(base) {
  const multi = createMultiClient({
    apiKey: 'smoke-api-key',
    token: 'smoke-token',
    baseUrl: `${base}/multi`,
  });
  const card = await multi.GET('/managed_cards/{id}', { params: { path: { id: '110141187013853702' } } });
  if (card.data?.id !== '110141187013853702') throw new Error(`cjs GET: ${card.response.status}`);
  const transfer = await multi.POST('/transfers', {
    body: {
      profileId: '110141186813853702',
      source: { type: 'managed_accounts', id: '110141186813853702' },
      destination: { type: 'managed_cards', id: '110141187013853702' },
      destinationAmount: { currency: 'EUR', amount: 1000 },
    },
  });
  if (transfer.response.status !== 201) throw new Error(`cjs POST: ${transfer.response.status}`);
  let thrown;
  try {
    await multi
      .withOptions({ throwOnError: true })
      .GET('/managed_cards/{id}', { params: { path: { id: 'missing' } } });
  } catch (e) {
    thrown = e;
  }
  if (!(thrown instanceof WeavrNotFoundError)) throw new Error(`cjs 404: ${thrown}`);
  const access = await createBackofficeClient({
    apiKey: 'smoke-api-key',
    baseUrl: `${base}/backoffice`,
  }).POST('/access_token', { body: { identity: { type: 'CORPORATE', id: '110141186813853702' } } });
  if (!access.data?.token) throw new Error(`cjs access_token: ${access.response.status}`);
  return {
    runtime: `node ${process.version} (require)`,
    card: card.data.id,
    transfer: { status: transfer.response.status, idempotencyRef: transfer.idempotencyRef },
    notFound: thrown.name,
    backofficeToken: true,
  };
}

main(process.argv[2]).then(
  (r) => console.log(JSON.stringify(r)),
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);

/**
 * The emulator under load, in its own process (forked with --expose-gc): it reports its URL and key, and on
 * request its heap after a full collection, so the load generator never shares its event loop.
 */
import { startEmulator } from '@weavr-sdk/emulator';

// A corporate with a password, an account with money and a card, made by the emulator's seed (the same
// operations a client would call), so the measured run starts from a realistic state.
const emu = await startEmulator({
  stepUpOperations: [],
  seed: {
    corporates: [
      {
        ref: 'bench',
        email: 'bench@example.com',
        password: 'Bench-Pass-123',
        managedAccounts: [{ ref: 'account', currency: 'EUR', balance: 1_000_000 }],
        managedCards: [{ ref: 'card', currency: 'EUR' }],
      },
    ],
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
process.send?.({ url: emu.url, apiKey: emu.apiKey, profiles: emu.profiles, seeded: emu.seeded });
process.on('message', async (m) => {
  if (m === 'heap') {
    gc?.();
    gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    const { user, system } = process.cpuUsage();
    process.send?.({ heapUsed, rss, cpuMicros: user + system });
  } else if (m === 'stop') {
    await emu.close();
    process.exit(0);
  }
});

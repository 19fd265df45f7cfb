/**
 * The emulator under load, in its own process (forked with --expose-gc): it reports its URL and key, and on
 * request its heap after a full collection, so the load generator never shares its event loop.
 */
import { startEmulator } from '@weavr-sdk/emulator';

const emu = await startEmulator({ stepUpOperations: [] });
const gc = (globalThis as { gc?: () => void }).gc;
process.send?.({ url: emu.url, apiKey: emu.apiKey, profiles: emu.profiles });
process.on('message', async (m) => {
  if (m === 'heap') {
    gc?.();
    gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    process.send?.({ heapUsed, rss });
  } else if (m === 'stop') {
    await emu.close();
    process.exit(0);
  }
});

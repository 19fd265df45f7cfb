// Runs Verdaccio in its own process on 127.0.0.1 and a free port, then prints `{"port":N}` on one line.
// Usage: node verdaccio-server.mjs CONFIG.yaml. Stops on SIGTERM/SIGINT, and when its parent goes away (its
// stdin, a pipe from the parent, closes), so a killed test run leaves no registry behind.
import { runServer } from 'verdaccio';

const server = await runServer(process.argv[2]);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
// close() waits for every open connection to end: close them too, and exit regardless after 3 s, so a registry
// never outlives its run (one left by a test run killed mid-way was still listening an hour later)
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();

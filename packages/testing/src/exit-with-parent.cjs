// Preloaded into the Prism process (`node --require`): the parent holds our stdin pipe open, and the pipe closes
// when the parent dies for any reason, even SIGKILL. Then nothing can stop this mock any more, so it stops itself.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

/** `npm start`: read the environment, start the server, shut down gracefully on SIGTERM/SIGINT. */
import { loadConfig } from './config';
import { startServer } from './server';

const server = await startServer(loadConfig());

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1); // a second signal: stop now
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('rebaz: shutdown failed', error);
        process.exit(1);
      },
    );
  });
}

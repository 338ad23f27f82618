// The signaling server for the network lab, started by lab.ts inside the
// services namespace: `listen()` with the options given as JSON, then one
// "READY <url>" line. Stops on SIGTERM.
import { listen, type ListenOptions } from '../../http/listen.js';

const options = JSON.parse(process.argv[2] ?? '{}') as ListenOptions;
const server = await listen(options);
process.stdout.write(`READY ${server.url}\n`);
process.once('SIGTERM', () => {
  setTimeout(() => process.exit(0), 2000).unref();
  server.close().then(() => process.exit(0));
});

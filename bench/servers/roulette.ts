// Our signaling server under test: the whole server as `npm start` runs it
// (Express + socket.io, in-memory store), logging off, on a free port.
import { listen } from '../../server/http/listen.js';
import { serveUnderTest } from './harness.js';

await serveUnderTest(async () => (await listen({ port: 0, host: '127.0.0.1' })).port);

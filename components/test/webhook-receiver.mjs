// A report webhook receiver for the browser tests (web-test-runner's
// `webhook-start` server command): a real HTTP server on loopback that
// records every JSON body POSTed to it.
import { createServer } from 'node:http';

export async function startWebhook() {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      try {
        received.push(JSON.parse(body));
      } catch {
        received.push({ unreadable: body.slice(0, 200) });
      }
      res.end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/reports`,
    received,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

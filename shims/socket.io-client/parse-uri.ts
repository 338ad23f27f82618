// A `URL`-based stand-in for engine.io-client's regex URI parser, swapped in
// at bundle time (rollup.config.mjs): every browser the components support
// has `URL`, and socket.io only reads these fields.
export function parse(uri: string) {
  const url = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(uri) ? uri : `https://${uri}`);
  return {
    source: uri,
    protocol: url.protocol.slice(0, -1),
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port,
    path: url.pathname,
    query: url.search.slice(1),
    anchor: url.hash.slice(1),
  };
}

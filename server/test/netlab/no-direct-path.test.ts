// No direct path, with real packets: each browser's namespace routes only to
// the services subnet (signaling server + coturn), so the two browsers
// cannot reach each other at all (see lab.ts). With no forced policy the
// call must find the relay by itself, with the TURN credentials the CONNECT
// ack carries; then the same with UDP dropped on both browsers' links, so
// only TURN over TCP is left.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labUnavailable } from './lab.js';
import { browsersUnavailable, report, startCall, useWorld } from './people.js';
import { callPaths, coturnMissing, path, relayed } from './relay.js';

const unavailable = labUnavailable() ?? browsersUnavailable() ?? coturnMissing();

describe('no direct path between the browsers, both reach coturn', { skip: unavailable }, () => {
  const world = useWorld({ reach: 'services', coturn: true });

  it('without any forced policy the call connects through TURN (relay pair) with the CONNECT ack credentials', async (t) => {
    const { alice, bob } = world();
    await Promise.all([alice.open('alice1'), bob.open('bob1')]);
    const paths = await callPaths(t, alice, bob);
    // Through coturn: one end of the pair at least is a relay (coturn can
    // reach a browser's host address, so relay ↔ host is a valid path) and
    // the quality indicator says "relayed". Either transport to coturn will
    // do: both are offered, and a CI run on a busy machine saw Chromium pick
    // the TCP relay whose checks finished first. The next test proves TCP
    // alone; which one this run took is in the report.
    relayed(paths.alice, paths.bob, 'udp', 'tcp');
    await Promise.all([alice.hangUp(), bob.waitFor('the end of the call', (s) => s.phase === 'idle')]);
  });

  it('with UDP dropped on both browsers\' links, the call connects through TURN over TCP', async (t) => {
    const { alice, bob, lab, a, b } = world();
    lab.blockUdp(a);
    lab.blockUdp(b);
    try {
      await Promise.all([alice.open('alice2'), bob.open('bob2')]);
      const started = Date.now();
      await startCall(alice, bob, 60_000);
      const paths = { alice: await path(alice), bob: await path(bob) };
      const dropped = { a: lab.udpDropped(a), b: lab.udpDropped(b) };
      report(t, 'selected pairs', { ...paths, callUpMs: Date.now() - started, udpPacketsDropped: dropped });
      relayed(paths.alice, paths.bob, 'tcp');
      // The browsers did try UDP first: the block was in the way, not unused.
      assert.ok(dropped.a > 0 && dropped.b > 0, JSON.stringify(dropped));
    } finally {
      lab.uncap(a);
      lab.uncap(b);
    }
  });
});

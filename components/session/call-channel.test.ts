// What the other side says over the call's data channel is checked before
// it is used: a real data channel between two RTCPeerConnections in this
// page, the far end writing raw strings as a modified client could.
import { expect } from '@open-wc/testing';
import { CallChannel, type ChannelMessage } from './call-channel.js';
import { waitFor } from '../test/testing.js';

/** Two connected peer connections with one negotiated data channel; the far end's raw channel and our CallChannel's messages. */
async function channelPair() {
  const near = new RTCPeerConnection();
  const far = new RTCPeerConnection();
  near.onicecandidate = (e) => e.candidate && void far.addIceCandidate(e.candidate);
  far.onicecandidate = (e) => e.candidate && void near.addIceCandidate(e.candidate);
  const ours = near.createDataChannel('call', { negotiated: true, id: 0 });
  const theirs = far.createDataChannel('call', { negotiated: true, id: 0 });
  const received: ChannelMessage[] = [];
  const channel = new CallChannel(ours, { open() {}, message: (m) => received.push(m), close() {} });
  await near.setLocalDescription();
  await far.setRemoteDescription(near.localDescription!);
  await far.setLocalDescription();
  await near.setRemoteDescription(far.localDescription!);
  await waitFor(() => channel.open && theirs.readyState === 'open', 'the data channel open');
  return { theirs, received, close: () => (near.close(), far.close()) };
}

describe('CallChannel', () => {
  it('passes on well-formed messages, quality ratings too, and drops anything else', async () => {
    const { theirs, received, close } = await channelPair();
    try {
      for (const raw of [
        '{"type":"quality","quality":"fair"}',
        '{"type":"quality","quality":"terrible"}',
        '{"type":"quality"}',
        '{"type":"quality","quality":["poor"]}',
        'not json',
        '{"type":"state","audio":true,"video":"yes"}',
        '{"type":"chat","text":"hi","at":1}',
        '{"type":"quality","quality":"poor","extra":"dropped"}',
      ]) {
        theirs.send(raw);
      }
      await waitFor(() => received.length >= 3, 'the well-formed messages');
      // A last well-formed message: everything sent before it has been read.
      theirs.send('{"type":"screen","sharing":false}');
      await waitFor(() => received.length >= 4, 'the last message');
      expect(received).to.deep.equal([
        { type: 'quality', quality: 'fair' },
        { type: 'chat', text: 'hi', at: 1 },
        { type: 'quality', quality: 'poor' },
        { type: 'screen', sharing: false },
      ]);
    } finally {
      close();
    }
  });
});

// Two changes to one real RTCRtpSender's parameters in flight at once (as the
// call's switch to full resolution and a screen share begun in the call's
// first second): both must hold.
import { expect } from '@open-wc/testing';
import { changeParameters } from './sender-parameters.js';

async function videoSender() {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true });
  const pc = new RTCPeerConnection();
  const sender = pc.addTrack(stream.getVideoTracks()[0], stream);
  await pc.setLocalDescription();
  return { sender, close: () => (pc.close(), stream.getTracks().forEach((t) => t.stop())) };
}

describe('changeParameters', () => {
  it('applies two changes started together, one after the other', async () => {
    const { sender, close } = await videoSender();
    try {
      await Promise.all([
        changeParameters(sender, (p) => void (p.encodings[0].scaleResolutionDownBy = 2)),
        changeParameters(sender, (p) => void (p.encodings[0].maxBitrate = 2_500_000)),
      ]);
      const [encoding] = sender.getParameters().encodings;
      expect([encoding.scaleResolutionDownBy, encoding.maxBitrate]).to.deep.equal([2, 2_500_000]);
    } finally {
      close();
    }
  });

  it('(why it exists) the same two changes made directly lose one: refused (Chromium: a read no longer the latest) or overwritten (Firefox)', async () => {
    const { sender, close } = await videoSender();
    try {
      const first = sender.getParameters();
      const second = sender.getParameters();
      first.encodings[0].scaleResolutionDownBy = 2;
      second.encodings[0].maxBitrate = 2_500_000;
      await Promise.allSettled([sender.setParameters(first), sender.setParameters(second)]);
      const [encoding] = sender.getParameters().encodings;
      expect([encoding.scaleResolutionDownBy, encoding.maxBitrate]).to.not.deep.equal([2, 2_500_000]);
    } finally {
      close();
    }
  });
});

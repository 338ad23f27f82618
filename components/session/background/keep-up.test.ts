import { expect } from '@open-wc/testing';
import { KeepUp, SIZES, processingSize } from './keep-up.js';

describe('background keep-up policy', () => {
  const window = (camera: number, sent: number, masks: number) => ({ camera, sent, masks, seconds: 2 });

  it('keeps the size while frames are sent and masks made', () => {
    const policy = new KeepUp();
    for (let i = 0; i < 5; i++) expect(policy.judge(window(60, 58, 20), false)).to.equal('keep');
  });

  it('goes smaller after two bad windows in a row, and gives up at the smallest size', () => {
    const policy = new KeepUp();
    // Too few frames sent (the outgoing video would stutter).
    expect(policy.judge(window(60, 40, 20), false)).to.equal('keep');
    expect(policy.judge(window(60, 40, 20), false)).to.equal('smaller');
    // Too few masks (the cut-out lags): one good window in between starts the count again.
    expect(policy.judge(window(60, 60, 4), false)).to.equal('keep');
    expect(policy.judge(window(60, 60, 20), false)).to.equal('keep');
    expect(policy.judge(window(60, 60, 4), true)).to.equal('keep');
    expect(policy.judge(window(60, 60, 4), true)).to.equal('give-up');
  });

  it('gives up at once when the outgoing video froze', () => {
    expect(new KeepUp().judge(window(60, 0, 0), false)).to.equal('give-up');
  });

  it('never processes above the camera size, in even sizes', () => {
    expect(processingSize(1280, 720, 0)).to.deep.equal([1280, 720]);
    expect(processingSize(1280, 720, 1)).to.deep.equal([640, 360]);
    expect(processingSize(640, 480, 0)).to.deep.equal([640, 480]);
    expect(processingSize(640, 480, 2)).to.deep.equal([278, 208]);
    expect(processingSize(720, 1280, 1)).to.deep.equal([360, 640]);
    expect(processingSize(1280, 720, SIZES.length + 3)).to.deep.equal([320, 180]);
  });
});

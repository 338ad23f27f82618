// An RTCRtpSender's parameters changed one change at a time. setParameters
// takes the transaction of the sender's latest getParameters, so two changes
// in flight at once (the call's first second at half resolution, then full —
// and a screen share begun in that second) make one fail and be lost.

const queues = new WeakMap<RTCRtpSender, Promise<unknown>>();

/** Reads `sender`'s parameters, lets `change` edit them, and sets them — after any change still in flight. */
export function changeParameters(sender: RTCRtpSender, change: (parameters: RTCRtpSendParameters) => void): Promise<void> {
  const done = (queues.get(sender) ?? Promise.resolve()).then(() => {
    const parameters = sender.getParameters();
    change(parameters);
    return sender.setParameters(parameters);
  });
  queues.set(sender, done.catch(() => undefined));
  return done;
}

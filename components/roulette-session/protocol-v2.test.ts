// The client side of protocol v2 (docs/protocol.md): the callee's name as the
// server sends it, and `resumed: false` after an outage.
import { expect } from '@open-wc/testing';
import { cleanUp, connected, createSession, startServer, untilPhase } from '../test/testing.js';

describe('RouletteSession, protocol v2', () => {
  afterEach(async () => {
    await cleanUp();
  });

  it('calling a look-alike of a name: the call goes through and shows the name as the callee registered it', async () => {
    const server = await startServer();
    const stamp = Date.now().toString().replace(/[01]/g, '7');
    const callee = createSession(server);
    await callee.connect(`moon${stamp}`);
    const caller = await connected(server, 'caller');
    // "0" for "o" and a capital: the server finds moon… (UTS #39 skeleton), the client's folded compare does not.
    void caller.call(`M00N${stamp}`);
    await untilPhase(callee, 'incoming');
    await callee.accept();
    await untilPhase(caller, 'in-call');
    expect(caller.state.peer).to.equal(`moon${stamp}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(caller.state.phase).to.equal('in-call');
    expect(callee.state.phase).to.equal('in-call');
  });

  it('a look-alike who declines: the notice names them as they registered', async () => {
    const server = await startServer();
    const stamp = Date.now().toString().replace(/[01]/g, '7');
    const callee = createSession(server);
    await callee.connect(`moon${stamp}`);
    const caller = await connected(server, 'caller');
    void caller.call(`m00n${stamp}`);
    await untilPhase(callee, 'incoming');
    await callee.reject();
    await untilPhase(caller, 'idle');
    expect(caller.state.notice?.message).to.equal(`moon${stamp} declined your call.`);
  });
});

// The session's state machine as written down in state.ts: every change of
// the snapshot goes through nextState, which refuses a move the table does
// not allow (in tests and development builds; the CDN bundle leaves the
// check out). The session's own suites drive the legal moves for real.
import { expect } from '@open-wc/testing';
import { initialState, nextState, NO_CALL, stepOf, TRANSITIONS, type SessionState, type StatePatch, type Step } from './state.js';

/** A snapshot at `step`, reached through the table's own moves. */
function at(step: Step): SessionState {
  const path: Record<Step, StatePatch[]> = {
    disconnected: [],
    connecting: [{ phase: 'connecting' }],
    idle: [{ phase: 'connecting' }, { phase: 'idle', username: 'ann' }],
    searching: [{ phase: 'connecting' }, { phase: 'idle', username: 'ann' }, { phase: 'searching' }],
    outgoing: [{ phase: 'connecting' }, { phase: 'idle', username: 'ann' }, { phase: 'outgoing', peer: 'bob', role: 'caller' }],
    incoming: [{ phase: 'connecting' }, { phase: 'idle', username: 'ann' }, { phase: 'incoming', peer: 'bob', role: 'recipient' }],
    answering: [
      { phase: 'connecting' },
      { phase: 'idle', username: 'ann' },
      { phase: 'incoming', peer: 'bob', role: 'recipient' },
      { answering: true },
    ],
    'in-call': [{ phase: 'connecting' }, { phase: 'idle', username: 'ann' }, { phase: 'outgoing', peer: 'bob', role: 'caller' }, { phase: 'in-call' }],
  };
  return path[step].reduce(nextState, initialState('https://calls.example'));
}

/** The patch that moves any snapshot to `step` (as the session writes it: a step left clears the attempt). */
function to(step: Step): StatePatch {
  if (step === 'answering') return { answering: true };
  return step === 'in-call' ? { phase: step, peer: 'bob', answering: false } : { ...NO_CALL, phase: step, peer: step === 'incoming' || step === 'outgoing' ? 'bob' : undefined };
}

const STEPS = Object.keys(TRANSITIONS) as Step[];

describe('the session state machine (state.ts)', () => {
  it('refuses a move the table does not allow, and the snapshot it was asked to change stays as it was', () => {
    const idle = at('idle');
    const before = JSON.stringify(idle);
    // Straight from idle into a call: only a request, a match or an answer leads there.
    expect(() => nextState(idle, { phase: 'in-call', peer: 'bob' })).to.throw(/may not move from idle to in-call/);
    expect(JSON.stringify(idle)).to.equal(before);
    // Registering without connecting first, and back to ringing once answered.
    expect(() => nextState(at('disconnected'), { phase: 'idle' })).to.throw(/from disconnected to idle/);
    expect(() => nextState(at('answering'), { answering: false })).to.throw(/from answering to incoming/);
    // Answering is a step of `incoming` only.
    expect(() => nextState(idle, { answering: true })).to.throw(/answering in phase idle/);
    expect(() => nextState(at('answering'), { phase: 'outgoing' })).to.throw(/answering in phase outgoing/);
  });

  it('allows exactly the moves in the table, between every pair of steps', () => {
    const refused: string[] = [];
    const allowed: string[] = [];
    for (const from of STEPS) {
      for (const step of STEPS) {
        if (step === from) continue;
        // Answering starts from a ringing call; from anywhere else the patch would also leave `answering` outside `incoming`.
        const patch = step === 'answering' && from !== 'incoming' ? { ...to('incoming'), answering: true } : to(step);
        let ok = true;
        try {
          expect(stepOf(nextState(at(from), patch))).to.equal(step);
        } catch {
          ok = false;
        }
        (ok ? allowed : refused).push(`${from} → ${step}`);
      }
    }
    const table = STEPS.flatMap((from) => TRANSITIONS[from].map((step) => `${from} → ${step}`));
    expect(allowed.sort()).to.deep.equal(table.sort());
    expect(refused.length).to.equal(STEPS.length * (STEPS.length - 1) - table.length);
    expect(refused).to.include('idle → in-call');
  });

  it('every step is reached from disconnected, and disconnected from every step', () => {
    const reached: Step[] = ['disconnected'];
    for (const from of reached) for (const step of TRANSITIONS[from]) if (!reached.includes(step)) reached.push(step);
    expect([...reached].sort()).to.deep.equal([...STEPS].sort());
    for (const from of STEPS) if (from !== 'disconnected') expect(TRANSITIONS[from]).to.include('disconnected');
  });

  it('answering is the hidden step made explicit: incoming with `answering` set (and `busy`, its former name)', () => {
    const answering = at('answering');
    expect(answering.phase).to.equal('incoming');
    expect([answering.answering, answering.busy]).to.deep.equal([true, true]);
    const inCall = nextState(answering, { phase: 'in-call', answering: false });
    expect(stepOf(inCall)).to.equal('in-call');
    expect(inCall.busy).to.equal(false);
    expect(inCall.since).to.be.a('number');
  });
});

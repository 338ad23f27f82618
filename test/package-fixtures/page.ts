import 'roulette-calls';
import { RouletteSession, type RouletteCallEndDetail } from 'roulette-calls';
import 'roulette-calls/roulette-login.js';

const element = document.querySelector('roulette-session')!;
element.server = 'https://calls.example';
element.silent = true;
element.session = new RouletteSession({ server: 'https://calls.example' });
element.addEventListener('roulette-state-change', (event) => {
  const state: string = event.detail.state;
  console.log(state, event.detail.previous);
});
element.addEventListener('roulette-call-end', (event) => {
  const detail: RouletteCallEndDetail = event.detail;
  console.log(detail.peer, detail.reason);
});
element.addEventListener('roulette-screen-share', (event) => console.log(event.detail.action, event.detail.local));
// A string's values, typed as what they are (docs/strings.md).
element.strings = {
  'login.heading': 'Talk to our team',
  'lobby.calling': 'Ringing {0}…',
  'call.heading': (peer: string) => `On the line with ${peer}`,
  'blocked.summary': (count: number) => `Blocked (${count})`,
};
const login = document.createElement('roulette-login');
login.hideServer = true;
// The chooser, defined by the main entry from a chunk of its own, is typed too.
document.createElement('roulette-devices').session = element.session;

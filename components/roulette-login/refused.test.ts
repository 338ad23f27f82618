// A page whose origin the server's CORS_ORIGINS refuses: the person reads
// that this site isn't allowed (not "can't reach"), and the console tells the
// developer which origin was refused and what decides it.
import { expect, fixture, html } from '@open-wc/testing';
import '../index.js';
import type { RouletteLogin } from './roulette-login.js';
import { alertText, buttonNamed, cleanUp, createSession, startServer, untilPhase, waitFor } from '../test/testing.js';

describe('<roulette-login> refused by CORS_ORIGINS', () => {
  let consoleErrors: string[];
  const original = console.error;
  beforeEach(() => {
    consoleErrors = [];
    console.error = (...args: unknown[]) => {
      consoleErrors.push(args.map(String).join(' '));
      original.apply(console, args);
    };
  });
  afterEach(async () => {
    console.error = original;
    await cleanUp();
  });

  it('says "This site isn\'t allowed to use this call service" and names the origin in the console', async () => {
    const server = await startServer({ corsOrigins: ['https://shop.example'] });
    const session = createSession(server);
    const el = await fixture<RouletteLogin>(html`<roulette-login .session=${session}></roulette-login>`);
    const errors: string[] = [];
    session.addEventListener('roulette-error', (e) => errors.push(e.detail.code));
    buttonNamed(el, 'Connect').click();
    await untilPhase(session, 'connecting');
    await untilPhase(session, 'disconnected');
    const alert = await waitFor(() => alertText(el), 'the alert');
    expect(alert).to.equal("This site isn't allowed to use this call service.");
    expect(errors).to.deep.equal(['ORIGIN_REFUSED']);
    const line = consoleErrors.find((l) => l.includes('CORS_ORIGINS'));
    expect(line, consoleErrors.join('\n')).to.exist;
    expect(line).to.contain(location.origin);
  });

  it('an unreachable server still reads "can\'t reach" (the two are told apart)', async () => {
    const session = createSession('http://127.0.0.1:9');
    const el = await fixture<RouletteLogin>(html`<roulette-login .session=${session}></roulette-login>`);
    buttonNamed(el, 'Connect').click();
    await untilPhase(session, 'connecting');
    await untilPhase(session, 'disconnected');
    expect(await waitFor(() => alertText(el), 'the alert')).to.match(/Can't reach/);
    expect(consoleErrors.some((l) => l.includes('CORS_ORIGINS'))).to.equal(false);
  });

  it('a server that allows this page connects', async () => {
    const server = await startServer({ corsOrigins: [location.origin] });
    const session = createSession(server);
    await fixture<RouletteLogin>(html`<roulette-login .session=${session}></roulette-login>`);
    void session.connect('');
    await untilPhase(session, 'idle');
  });
});

// Block, unblock and report (protocol v2) for RouletteSession: a chunk of its
// own, loaded the first time someone uses one of them (most sessions never
// do), with the notices they end with.
import type { ReportReason } from '../../protocol/index.js';
import { msg, str } from '../internal/localize.js';
import { sameName } from './names.js';
import type { SignalingClient } from './signaling-client.js';
import { SignalingError } from './signaling-error.js';
import { callIsOn, stepOf, type Notice, type SessionState, type StatePatch } from './state.js';
import { asNotice, error, info } from './wording.js';

/** What the actions need of the session. */
export interface SafetyHost {
  client: SignalingClient;
  state(): SessionState;
  /** Closes the ringing view of an incoming call. */
  endRinging(): void;
  hangUp(): Promise<void>;
  next(): Promise<void>;
  update(patch: StatePatch): void;
  notify(notice: Notice): void;
  fail(notice: Notice): void;
}

const blockedNotice = (name: string): Notice =>
  info('blocked', () => msg(str`You blocked ${name}. They can't call you or be matched with you again.`, { id: 'notice.blocked' }));

const reportedNotice = (name: string): Notice =>
  info('reported', () => msg(str`Thank you. ${name} was reported and blocked.`, { id: 'notice.reported' }));

const unblockedNotice = (name: string): Notice => info('unblocked', () => msg(str`You unblocked ${name}.`, { id: 'notice.unblocked' }));

/** A block, unblock or report the server refused. */
const safetyNotice = (e: unknown): Notice =>
  e instanceof SignalingError ? asNotice(e) : error('INTERNAL', () => msg('That did not go through. Try again.', { id: 'notice.safety-failed' }));

export async function block(host: SafetyHost, name: string): Promise<void> {
  const { peer } = host.state();
  const blocked = host.client.request('BLOCK', { name });
  // The server withdraws their request (they hear "declined") but tells the blocker nothing: end the view here.
  if (sameName(name, peer) && stepOf(host.state()) === 'incoming') host.endRinging();
  else if (sameName(name, peer) && callIsOn(host.state())) await host.hangUp();
  await done(host, blocked, name, blockedNotice(name));
}

export async function unblock(host: SafetyHost, name: string): Promise<void> {
  try {
    await host.client.request('UNBLOCK', { name });
    host.update({ blocked: (host.state().blocked ?? []).filter((n) => !sameName(n, name)) });
    host.notify(unblockedNotice(name));
  } catch (e) {
    host.fail(safetyNotice(e));
  }
}

export async function report(host: SafetyHost, peer: string, reason: ReportReason, next: boolean, evidence?: string): Promise<void> {
  // Sent before the hang-up: the server handles a connection's messages in order.
  const reported = host.client.request('REPORT', evidence ? { name: peer, reason, evidence } : { name: peer, reason });
  const moving = next ? host.next() : host.hangUp();
  await done(host, reported, peer, reportedNotice(peer));
  await moving;
}

/** After a block or report: the name joins the blocked list, or the refusal is shown. */
async function done(host: SafetyHost, request: Promise<unknown>, name: string, notice: Notice): Promise<void> {
  try {
    await request;
    const blocked = host.state().blocked ?? [];
    if (!blocked.some((n) => sameName(n, name))) host.update({ blocked: [...blocked, name] });
    host.notify(notice);
  } catch (e) {
    host.fail(safetyNotice(e));
  }
}

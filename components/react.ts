// React wrappers built with @lit/react (package entry "roulette-calls/react";
// needs `react` and `@lit/react`). Importing it defines every tag.
//   import { RouletteSession, RouletteLogin } from 'roulette-calls/react';
//   <RouletteSession server="https://calls.example" onStateChange={(e) => …}>
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { RouletteEventMap } from './events.js';
import { RouletteCall as RouletteCallElement } from './define/roulette-call.js';
import { RouletteDevices as RouletteDevicesElement } from './define/roulette-devices.js';
import { RouletteLobby as RouletteLobbyElement } from './define/roulette-lobby.js';
import { RouletteLogin as RouletteLoginElement } from './define/roulette-login.js';
import { RouletteSessionElement } from './define/roulette-session.js';

const event = <K extends keyof RouletteEventMap>(name: K) => name as EventName<RouletteEventMap[K]>;

export const RouletteSession = createComponent({
  tagName: 'roulette-session',
  elementClass: RouletteSessionElement,
  react: React,
  events: {
    onStateChange: event('roulette-state-change'),
    onCallStart: event('roulette-call-start'),
    onCallEnd: event('roulette-call-end'),
    onIncomingCall: event('roulette-incoming-call'),
    onMatched: event('roulette-matched'),
    onNext: event('roulette-next'),
    onError: event('roulette-error'),
    onNotice: event('roulette-notice'),
    onReconnecting: event('roulette-reconnecting'),
    onStats: event('roulette-stats'),
    onScreenShare: event('roulette-screen-share'),
  },
  displayName: 'RouletteSession',
});

export const RouletteLogin = createComponent({ tagName: 'roulette-login', elementClass: RouletteLoginElement, react: React });
export const RouletteLobby = createComponent({ tagName: 'roulette-lobby', elementClass: RouletteLobbyElement, react: React });
export const RouletteCall = createComponent({ tagName: 'roulette-call', elementClass: RouletteCallElement, react: React });
export const RouletteDevices = createComponent({ tagName: 'roulette-devices', elementClass: RouletteDevicesElement, react: React });

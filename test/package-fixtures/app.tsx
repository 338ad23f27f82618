import { useRef } from 'react';
import { RouletteSession as Session, type Phase, type RouletteSessionElement } from 'roulette-calls';
import type {} from 'roulette-calls/jsx-react';
import { RouletteSession, RouletteLogin } from 'roulette-calls/react';

const session = new Session({ server: 'https://calls.example' });

export function App() {
  const ref = useRef<RouletteSessionElement>(null);
  return (
    <>
      <roulette-session
        ref={ref}
        className="calls"
        style={{ '--roulette-accent': '#4f46e5', maxWidth: 960 }}
        server="https://calls.example"
        session={session}
        silent
        notify
        token="eyJhbGciOi.payload.signature"
        getToken={async () => 'eyJhbGciOi.payload.signature'}
        consent="I agree to the terms."
        consent-age={18}
        consentAge={18}
        background="blur"
        backgroundPictures={[{ src: '/beach.jpg', label: 'Beach' }]}
        strings={{ 'call.heading': (peer: string) => `With ${peer}`, 'login.heading': 'Talk to us' }}
        onroulette-state-change={(e) => console.log(e.detail.state satisfies Phase, e.detail.previous)}
        onroulette-call-start={(e) => console.log(e.detail.peer, e.detail.role)}
        onroulette-call-end={(e) => console.log(e.detail.peer, e.detail.reason)}
        onroulette-incoming-call={(e) => console.log(e.detail.from)}
        onroulette-matched={(e) => console.log(e.detail.peer, e.detail.role)}
        onroulette-next={(e) => console.log(e.detail.peer)}
        onroulette-error={(e) => console.log(e.detail.code, e.detail.message)}
        onroulette-notice={(e) => console.log(e.detail.tone, e.detail.message)}
        onroulette-reconnecting={(e) => console.log(e.detail.reconnecting === true)}
        onroulette-stats={(e) => console.log(e.detail.quality, e.detail.loss)}
        onroulette-screen-share={(e) => console.log(e.detail.action, e.detail.peer, e.detail.local)}
      >
        <roulette-login
          heading="Talk to our team"
          hide-heading
          hideHeading
          hide-server
          hideServer
          session={session}
          onroulette-state-change={(e) => console.log(e.detail.state)}
        ></roulette-login>
        <roulette-lobby
          session={session}
          onroulette-incoming-call={(e) => console.log(e.detail.from)}
          onroulette-matched={(e) => console.log(e.detail.peer)}
        ></roulette-lobby>
        <roulette-call
          hide-controls="share-screen picture-in-picture"
          blur-strangers
          blurStrangers={true}
          layout="viewport"
          hideControls="switch-camera"
          session={session}
          onroulette-call-start={(e) => console.log(e.detail.role)}
          onroulette-call-end={(e) => console.log(e.detail.reason)}
          onroulette-next={(e) => console.log(e.detail.peer)}
          onroulette-screen-share={(e) => console.log(e.detail.action)}
        ></roulette-call>
        <roulette-devices session={session} slot="devices"></roulette-devices>
        <roulette-background session={session} onroulette-background-change={(e) => console.log(e.detail.background)}></roulette-background>
      </roulette-session>
      <RouletteSession server="https://calls.example" notify onStateChange={(event) => console.log(event.detail.state)} onScreenShare={(event) => console.log(event.detail.local)}>
        <RouletteLogin />
      </RouletteSession>
    </>
  );
}

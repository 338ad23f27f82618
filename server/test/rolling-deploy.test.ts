// A rolling deploy drops no call (docs/deploy.md, "Deploying without dropping
// calls"): three processes behind Debian's nginx, each in turn stopped with
// SIGTERM and started again while people are in calls, being rung, or idle.
// Everybody moves to another process through nginx and resumes: no call
// ends, no name is lost, a ringing request still rings and can be accepted.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { rollingDeploy } from './deploy.js';

it('SIGTERM one process at a time behind nginx: every client resumes elsewhere, no call ends, no name is lost, ringing requests still ring', async () => {
  const report = await rollingDeploy({ processes: 3, calls: 6, ringing: 2, idle: 4 });
  assert.deepEqual(report.endings, [], 'nobody was told a call or request ended');
  assert.equal(report.callsDropped, 0, 'every call relays both ways after every step');
  assert.deepEqual(report.namesLost, [], 'every resume kept the name and the session');
  assert.equal(report.ringingAccepted, 2, 'the requests rung before the deploy were accepted after it');
  // Every process was restarted, so everybody was moved at least once, and came back.
  assert.deepEqual(report.neverMoved, []);
  assert.equal(report.resumeMs.length, report.moves);
  // Within the resume grace (15 s), and in practice far sooner.
  assert.ok(report.resumeMs.every((ms) => ms < 15_000), `resume times: ${report.resumeMs.map(Math.round)}`);
  console.log(
    `rolling deploy: ${report.people} people, ${report.moves} moves, resume median ${Math.round(report.resumeMs[report.resumeMs.length >> 1])} ms, max ${Math.round(report.resumeMs.at(-1)!)} ms, deploy ${Math.round(report.deployMs)} ms`,
  );
});

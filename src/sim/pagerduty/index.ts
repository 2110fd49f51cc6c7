// The simulated PagerDuty REST API v2, for on-call auto-approval in sandbox mode and in the tests.

export { type PagerDutySeed, pagerDutySeedOf } from './seed.js';
export { type RunningPagerDutySim, type StartPagerDutyOptions, startPagerDutySim } from './server.js';
export { type PagerDutyFault, PagerDutySim, type SimCall, type SimOnCall } from './simulator.js';

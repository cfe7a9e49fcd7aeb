/**
 * Network blips shorter than the heartbeat timeout, over real sockets, lose no finished result.
 * The tightest of them (1.5 s of silence against a 3 s heartbeat timeout) leaves the worker
 * about a second to recover, so they run in a file of their own, not beside the scenarios that
 * start processes.
 */
import { describe } from 'vitest';
import { blipScenarios } from './scenarios/blips.js';

describe.concurrent('resilience to network blips', () => {
  blipScenarios();
});

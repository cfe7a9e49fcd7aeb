/**
 * The promises of the library under the ordinary events of a production week, over real sockets
 * and real processes: network partitions (through a fault proxy on 127.0.0.1 between a real
 * SWFClient and the HTTP fake), polls after an outage, a worker process stopped by an
 * orchestrator, hostile values from handlers, settings that can never work, many listeners.
 * (Blips shorter than the heartbeat timeout: network-blips.test.ts.)
 *
 * The scenarios mostly wait on real time, so they all run at once in this one file (vitest
 * runs at most `maxConcurrency` of them together): it takes about as long as its longest
 * scenario, a partition longer than a 10 s heartbeat timeout.
 */
import { describe } from 'vitest';
import { configurationScenarios } from './scenarios/configuration.js';
import { hostileValueScenarios } from './scenarios/hostile-values.js';
import { listenerScenarios } from './scenarios/listeners.js';
import { orchestratorScenarios } from './scenarios/orchestrator.js';
import { partitionScenarios } from './scenarios/partitions.js';
import { pollTimeoutScenarios } from './scenarios/poll-timeout.js';
import { pollRecoveryScenarios } from './scenarios/polls.js';

describe.concurrent('resilience over real sockets and processes', () => {
  // The longest first, so that they start at once and the short ones fill in around them.
  partitionScenarios();
  orchestratorScenarios();
  pollRecoveryScenarios();
  pollTimeoutScenarios();
  hostileValueScenarios();
  configurationScenarios();
  listenerScenarios();
});

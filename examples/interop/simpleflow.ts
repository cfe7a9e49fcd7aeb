/**
 * Serving a simpleflow (Python) decider: the decider below schedules activities and reads their
 * outcomes exactly as simpleflow's executor does, and a TypeScript worker serves them with
 * `simpleflowCodec`. The Python side it stands for:
 *
 * ```python
 * # images/tasks.py
 * @activity.with_attributes(task_list="images", version="1.0", retry=2)
 * def resize(key, width=100): ...
 *
 * # The workflow retries failures, but a ValueError is a bug: no retry for it.
 * def on_task_failure(self, failure_context):
 *     if failure_context.exception.error_type is ValueError: ...
 * ```
 *
 * A decider in another language sends `NonPythonicActivityTask` input (bare keyword
 * arguments): the `thumbnail` activity shows it.
 *
 *   npm run example examples/interop/simpleflow.ts
 */
import { createHash } from 'node:crypto';
import type { Decision, HistoryEvent } from '@aws-sdk/client-swf';
import { defineActivity } from 'swf-activity-worker';
import { simpleflowCodec } from 'swf-activity-worker/interop';
import { type Decided, runInteropExample, scheduledActivityOf } from './support/replay-decider.js';

// ---- The TypeScript worker ------------------------------------------------------------------

class StorageTimeoutError extends Error {}

/** The Python exception each error is reported as: the decider imports it to decide on retries. */
function errorType(error: unknown): string {
  if (error instanceof RangeError) return 'builtins.ValueError';
  if (error instanceof StorageTimeoutError) return 'builtins.TimeoutError';
  return 'builtins.Exception';
}

let storageCalls = 0;
const resize = defineActivity({
  name: 'images.tasks.resize', // simpleflow's default: the function's dotted path
  version: '1.0',
  startToCloseTimeoutMs: 60_000,
  codec: simpleflowCodec<[string], { width?: number }, { key: string; width: number }>({
    errorType,
  }),
  async handler({ args: [key], kwargs: { width = 100 } }) {
    if (width <= 0) throw new RangeError(`width must be positive, got ${width}`);
    if (key === 'owl.png' && ++storageCalls === 1) {
      throw new StorageTimeoutError('the image store timed out');
    }
    return { key: key.replace('.png', `@${width}.png`), width };
  },
});

const thumbnail = defineActivity({
  name: 'images.tasks.thumbnail',
  version: '1.0',
  startToCloseTimeoutMs: 60_000,
  codec: simpleflowCodec<[], { key: string }, string>(),
  async handler({ kwargs: { key } }) {
    return `thumbnails/${key}`;
  },
});

// ---- The decider, as simpleflow's executor would be -----------------------------------------

/** simpleflow's json_dumps: sorted keys, compact. */
function jsonDumps(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    typeof member === 'object' && member !== null && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member).sort(([a], [b]) => (a < b ? -1 : 1)))
      : member,
  );
}

interface Call {
  readonly label: string;
  readonly activityType: { readonly name: string; readonly version: string };
  readonly input: string;
  readonly retry: number;
}

const pythonCall = (key: string, width: number): Call => ({
  label: `resize(${JSON.stringify(key)}, width=${width})`,
  activityType: resize,
  input: jsonDumps({ args: [key], kwargs: { width } }),
  retry: 2,
});
const CALLS: readonly Call[] = [
  pythonCall('cat.png', 320),
  pythonCall('dog.png', 0),
  pythonCall('owl.png', 640),
  // NonPythonicActivityTask: the keyword arguments alone.
  {
    label: 'thumbnail(key="cat.png") from a non-Python decider',
    activityType: thumbnail,
    input: jsonDumps({ key: 'cat.png' }),
    retry: 0,
  },
];

/** simpleflow's activity ids: `activity-<name>-<hash of the input>`. */
function activityIdOf(call: Call): string {
  const hash = createHash('md5').update(call.input).digest('hex');
  return `activity-${call.activityType.name}-${hash}`;
}

const logged = new Set<number>();

function decide(history: readonly HistoryEvent[], taskList: string): Decided {
  const decisions: Decision[] = [];
  let open = 0;
  for (const call of CALLS) {
    const activityId = activityIdOf(call);
    const scheduled = history.filter(
      (event) => event.activityTaskScheduledEventAttributes?.activityId === activityId,
    );
    const closes = history.filter((event) =>
      scheduled.some(
        (s) => s.activityTaskScheduledEventAttributes === scheduledActivityOf(history, event),
      ),
    );
    const last = closes.at(-1);
    const schedule = () =>
      decisions.push({
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: {
          activityId, // simpleflow schedules a retry under the same id
          activityType: { name: call.activityType.name, version: call.activityType.version },
          input: call.input,
          taskList: { name: taskList },
          // simpleflow sends the timeouts of the activity's attributes.
          scheduleToStartTimeout: '300',
          startToCloseTimeout: '60',
          scheduleToCloseTimeout: '360',
          heartbeatTimeout: '30',
        },
      });
    if (scheduled.length === 0) {
      schedule();
      open++;
      continue;
    }
    if (last === undefined || closes.length < scheduled.length) {
      open++; // running
      continue;
    }
    const say = (line: string) => {
      if (!logged.has(last.eventId ?? 0)) console.log(`decider: ${line}`);
      logged.add(last.eventId ?? 0);
    };
    if (last.eventType === 'ActivityTaskCompleted') {
      // The result is JSON (raw text that is not JSON is taken as it is).
      say(`${call.label} returned ${last.activityTaskCompletedEventAttributes?.result}`);
      continue;
    }
    // The failure, as simpleflow reads it: the reason, and the JSON details with error_type.
    const failed = last.activityTaskFailedEventAttributes;
    const details = JSON.parse(failed?.details ?? '{}') as { error_type?: string };
    const bug = details.error_type === 'builtins.ValueError';
    const retry = !bug && scheduled.length <= call.retry;
    say(
      `${call.label} attempt ${scheduled.length} failed: ${failed?.reason} (error_type ${details.error_type}: ${retry ? 'retried' : bug ? 'a bug, not retried' : 'no retry left'})`,
    );
    if (retry) {
      schedule();
      open++;
    }
  }
  return { decisions, open };
}

// ---- Run them together ----------------------------------------------------------------------

await runInteropExample({
  activities: [resize, thumbnail],
  taskList: 'images',
  workflowId: 'images-simpleflow',
  decide,
});

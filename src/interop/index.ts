/**
 * Codecs that let this library's workers serve activities scheduled by deciders written with
 * other SWF frameworks, with no change to those deciders:
 *
 * - {@link javaFlowCodec}: the AWS Flow Framework for Java (its default `JsonDataConverter`,
 *   Jackson with default typing): typed argument arrays in, results written per the Java return
 *   type, failures as Java exceptions the decider rebuilds (so its retry policies match on
 *   their class);
 * - {@link simpleflowCodec}: simpleflow (Python): `{args, kwargs}` in, JSON out, failures as
 *   simpleflow's worker writes them.
 *
 * @example
 * ```ts
 * import { defineActivity } from 'swf-activity-worker';
 * import { javaFlowCodec } from 'swf-activity-worker/interop';
 *
 * const greet = defineActivity({
 *   name: 'GreeterActivities.greet', // Interface.method, as Flow names activity types
 *   version: '1.0',
 *   codec: javaFlowCodec({ parameters: ['java.lang.String'], returns: 'java.lang.String' }),
 *   async handler([name]) {
 *     return `Hello, ${name}!`;
 *   },
 * });
 * ```
 *
 * @module swf-activity-worker/interop
 */
export { type JavaFlowCodecOptions, javaFlowCodec } from './java-flow-codec.js';
export {
  type JavaArgument,
  type JavaArguments,
  type JavaBoxedNumberType,
  type JavaPrimitiveNumberType,
  type JavaResult,
  type JavaReturnType,
  JavaTypedValue,
  type JavaTypeName,
  javaClassOf,
  javaTyped,
  javaUntyped,
} from './java-types.js';
export {
  type SimpleflowCodecOptions,
  type SimpleflowInput,
  simpleflowCodec,
} from './simpleflow-codec.js';

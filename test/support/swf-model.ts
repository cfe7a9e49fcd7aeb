/**
 * The official SWF API model (scripts/model/swf-2012-01-25.service-2.json) with the operations
 * it predates (scripts/model/sdk-operations.json, DeleteActivityType and DeleteWorkflowType,
 * read from the SDK's schemas), which the validation tests check the fake against rather than
 * against the fake's own rules.
 */
import { readFileSync } from 'node:fs';

/** A shape of the model: the parts the tests read. */
export interface ModelShape {
  readonly type: string;
  readonly required?: readonly string[];
  readonly members?: Readonly<Record<string, { readonly shape: string }>>;
  readonly member?: { readonly shape: string };
  readonly key?: { readonly shape: string };
  readonly value?: { readonly shape: string };
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

/** The model: each operation's input shape, and every shape. */
export interface ServiceModel {
  readonly operations: Readonly<Record<string, { readonly input: { readonly shape: string } }>>;
  readonly shapes: Readonly<Record<string, ModelShape>>;
}

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const official = read('../../scripts/model/swf-2012-01-25.service-2.json') as ServiceModel;

/** What the SDK's schemas add to the published model. */
export const SDK_OPERATIONS = read('../../scripts/model/sdk-operations.json') as ServiceModel;

export const SWF_MODEL: ServiceModel = {
  operations: { ...official.operations, ...SDK_OPERATIONS.operations },
  shapes: { ...official.shapes, ...SDK_OPERATIONS.shapes },
};

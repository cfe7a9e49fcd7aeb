// Reads the official SWF API model and writes src/fake/protocol/validation-rules.ts: for every
// operation, the input shape, and for every shape reachable from an input, its type and the
// constraints the service checks (required members, lengths, ranges, enums). The output is
// formatted with the project's Biome.
//
// The official model (2012-01-25 as published) predates DeleteActivityType and
// DeleteWorkflowType. Their input shapes come from the schemas that @aws-sdk/client-swf carries
// (`--from-sdk` reads the installed one into scripts/model/sdk-operations.json, committed, so
// that generating does not depend on the SDK version installed): each member is a shape of the
// model (a structure named alike, or the shape the model gives a member of that name in the
// other inputs), so they get the same constraints as in every other operation.
//
// Usage: node scripts/generate-validation.mjs [--check | --from-sdk]
//   --check     exits 1 if the committed file differs from what would be generated.
//   --from-sdk  first rewrites scripts/model/sdk-operations.json from the installed SDK.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelPath = join(root, 'scripts/model/swf-2012-01-25.service-2.json');
const outputPath = join(root, 'src/fake/protocol/validation-rules.ts');
const sdkOperationsPath = join(root, 'scripts/model/sdk-operations.json');

/** The rule of one shape, with only the keys the validator uses, in a stable order. */
function shapeRule(shape) {
  const rule = { type: shape.type };
  switch (shape.type) {
    case 'structure': {
      if (shape.required?.length) rule.required = [...shape.required];
      rule.members = Object.fromEntries(
        Object.entries(shape.members ?? {}).map(([name, member]) => [name, member.shape]),
      );
      break;
    }
    case 'list':
      rule.member = shape.member.shape;
      break;
    case 'map':
      rule.key = shape.key.shape;
      rule.value = shape.value.shape;
      break;
    case 'string':
      if (shape.enum) rule.enum = [...shape.enum];
      break;
    case 'integer':
    case 'long':
    case 'boolean':
    case 'timestamp':
      break;
    default:
      throw new Error(`Unsupported shape type ${shape.type}`);
  }
  if (shape.min !== undefined) rule.min = shape.min;
  if (shape.max !== undefined) rule.max = shape.max;
  return rule;
}

/** The names of the shapes a shape refers to. */
function references(rule) {
  switch (rule.type) {
    case 'structure':
      return Object.values(rule.members);
    case 'list':
      return [rule.member];
    case 'map':
      return [rule.key, rule.value];
    default:
      return [];
  }
}

/**
 * The operations the SDK knows and `model` lacks, with their input shapes built from the SDK's
 * schemas (`[3, namespace, name, traits, memberNames, memberSchemas, requiredCount]`, required
 * members first) in terms of the model's own shapes: `{ operations, shapes }` in the model's
 * format.
 */
export function sdkOperations(model, sdk) {
  // The shape the model gives each member name across operation inputs (one shape per name).
  const memberShapes = new Map();
  for (const operation of Object.values(model.operations)) {
    const input = model.shapes[operation.input.shape];
    for (const [name, member] of Object.entries(input.members ?? {})) {
      const known = memberShapes.get(name);
      memberShapes.set(name, known === undefined || known === member.shape ? member.shape : null);
    }
  }
  const operations = {};
  const shapes = {};
  const schemas = Object.values(sdk).filter(
    (schema) => Array.isArray(schema) && schema[0] === 9 && typeof schema[2] === 'string',
  );
  for (const [, , name, , input] of schemas) {
    if (Object.hasOwn(model.operations, name)) continue;
    const [, , inputName, , memberNames, memberSchemas, requiredCount] = input();
    const members = Object.fromEntries(
      memberNames.map((member, index) => {
        const schema = memberSchemas[index];
        const shape = typeof schema === 'function' ? schema()[2] : memberShapes.get(member);
        if (typeof shape !== 'string' || !model.shapes[shape]) {
          throw new Error(`${name}: no shape of the model fits member ${member}`);
        }
        return [member, { shape }];
      }),
    );
    operations[name] = { name, input: { shape: inputName } };
    shapes[inputName] = {
      type: 'structure',
      required: memberNames.slice(0, requiredCount),
      members,
    };
  }
  return { operations, shapes };
}

/** `model` with `additions` (see {@link sdkOperations}) merged in. */
export function withOperations(model, additions) {
  return {
    ...model,
    operations: { ...model.operations, ...additions.operations },
    shapes: { ...model.shapes, ...additions.shapes },
  };
}

/** Builds the operation table and the shape rules reachable from operation inputs. */
export function buildRules(model) {
  const operations = {};
  const pending = [];
  for (const name of Object.keys(model.operations).sort()) {
    const input = model.operations[name].input?.shape;
    if (!input) throw new Error(`Operation ${name} has no input shape`);
    operations[name] = input;
    pending.push(input);
  }
  const shapes = {};
  while (pending.length > 0) {
    const name = pending.pop();
    if (Object.hasOwn(shapes, name)) continue;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`Unknown shape ${name}`);
    shapes[name] = shapeRule(shape);
    pending.push(...references(shapes[name]));
  }
  const sorted = Object.fromEntries(
    Object.keys(shapes)
      .sort()
      .map((name) => [name, shapes[name]]),
  );
  return { operations, shapes: sorted };
}

function render(model, sdkVersion) {
  const { operations, shapes } = buildRules(model);
  return `/**
 * The input constraints of every SWF operation, generated from the official API model
 * (\`scripts/model/swf-2012-01-25.service-2.json\`, API version ${model.metadata.apiVersion}), with
 * the operations it lacks taken from the schemas of @aws-sdk/client-swf ${sdkVersion}, by
 * \`npm run generate:validation\`. Do not edit by hand.
 *
 * @module
 */
import type { SwfOperationName } from '../operations.js';
import type { ShapeRule } from './rule-types.js';

/** The input shape of each operation. */
export const OPERATION_INPUT_SHAPES: Readonly<Record<SwfOperationName, string>> = ${JSON.stringify(operations)};

/** Every shape reachable from an operation's input, by name. */
export const SHAPE_RULES: Readonly<Record<string, ShapeRule>> = ${JSON.stringify(shapes)};
`;
}

function format(source) {
  const biome = join(root, 'node_modules/.bin/biome');
  return execFileSync(biome, ['format', `--stdin-file-path=${outputPath}`], {
    cwd: root,
    input: source,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

async function main() {
  const official = JSON.parse(readFileSync(modelPath, 'utf8'));
  if (process.argv.includes('--from-sdk')) {
    const sdk = await import('@aws-sdk/client-swf');
    const { version } = JSON.parse(
      readFileSync(join(root, 'node_modules/@aws-sdk/client-swf/package.json'), 'utf8'),
    );
    const additions = { sdkVersion: version, ...sdkOperations(official, sdk) };
    writeFileSync(sdkOperationsPath, `${JSON.stringify(additions, null, 2)}\n`);
    console.log(`wrote ${sdkOperationsPath}`);
  }
  const additions = JSON.parse(readFileSync(sdkOperationsPath, 'utf8'));
  const model = withOperations(official, additions);
  const output = format(render(model, additions.sdkVersion));
  if (process.argv.includes('--check')) {
    const current = readFileSync(outputPath, 'utf8');
    if (current !== output) {
      console.error(`${outputPath} is out of date: run npm run generate:validation`);
      process.exit(1);
    }
    return;
  }
  writeFileSync(outputPath, output);
  console.log(`wrote ${outputPath}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}

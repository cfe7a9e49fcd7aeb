// Reads the official SWF API model and writes src/fake/protocol/validation-rules.ts: for every
// operation, the input shape, and for every shape reachable from an input, its type and the
// constraints the service checks (required members, lengths, ranges, enums). No dependencies;
// the output is formatted with the project's Biome.
//
// Usage: node scripts/generate-validation.mjs [--check]
//   --check  exits 1 if the committed file differs from what would be generated.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelPath = join(root, 'scripts/model/swf-2012-01-25.service-2.json');
const outputPath = join(root, 'src/fake/protocol/validation-rules.ts');

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

function render(model) {
  const { operations, shapes } = buildRules(model);
  return `/**
 * The input constraints of every SWF operation, generated from the official API model
 * (\`scripts/model/swf-2012-01-25.service-2.json\`, API version ${model.metadata.apiVersion}) by
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

function main() {
  const model = JSON.parse(readFileSync(modelPath, 'utf8'));
  const output = format(render(model));
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
  main();
}

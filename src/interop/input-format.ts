/** Reading a framework's input, with errors that name the format it should have been in. */
import { truncate } from '../limits/swf-limits.js';
import { thrownMessage } from './stack-frames.js';

/** `input` parsed as JSON; a TypeError naming `format` if it is not JSON. */
export function parseInputJson(input: string, format: string): unknown {
  try {
    return JSON.parse(input);
  } catch (error) {
    throw new TypeError(`The input is not JSON (${thrownMessage(error)}); expected ${format}`);
  }
}

/** The error for input that is JSON but not in `format`. */
export function notInFormat(input: string, format: string, why = ''): TypeError {
  return new TypeError(`The input is not in ${format}${why}: ${truncate(input, 200)}`);
}

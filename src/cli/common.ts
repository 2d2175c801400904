/** Small pieces several commands share. */
import { refuseDuplicateKeys } from '../util/messages.js';
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { cliErrors } from './messages.js';

/** Reads a JSON object of options from a file (for --options). */
export async function readOptionsFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw cliErrors.optionsFileNotFound(file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw cliErrors.optionsFileNotJson(file, e instanceof Error ? e.message : String(e));
  }
  refuseDuplicateKeys(file, text);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw cliErrors.optionsFileNotObject(file);
  return json as Record<string, unknown>;
}

/** Refuses to write over an input file. */
export function refuseOverwritingInput(output: string, ...inputs: Array<string | undefined>): void {
  for (const input of inputs) {
    if (input !== undefined && resolve(input) === resolve(output)) throw cliErrors.sameInputOutput(output);
  }
}

/** Seconds since `start` (a performance.now() value), to 3 decimals. */
export function secondsSince(start: number): number {
  return Math.round(performance.now() - start) / 1000;
}

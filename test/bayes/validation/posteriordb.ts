/** Reading posteriordb's zipped JSON data and reference means (test helper). */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { sharedPath } from '../../helpers/shared.js';

/** The first file of a zip archive (posteriordb zips hold one JSON file each). */
export function unzipFirst(path: string): Buffer {
  const zip = readFileSync(path);
  if (zip.readUInt32LE(0) !== 0x04034b50) throw new Error(`${path} is not a zip file`);
  const method = zip.readUInt16LE(8);
  const nameLength = zip.readUInt16LE(26);
  const extraLength = zip.readUInt16LE(28);
  let compressedSize = zip.readUInt32LE(18);
  const start = 30 + nameLength + extraLength;
  if ((zip.readUInt16LE(6) & 0x8) !== 0 || compressedSize === 0) {
    // Sizes in the central directory when a data descriptor is used.
    const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const central = zip.readUInt32LE(eocd + 16);
    compressedSize = zip.readUInt32LE(central + 20);
  }
  const body = zip.subarray(start, start + compressedSize);
  return method === 0 ? body : inflateRawSync(body);
}

export function posteriordbData(name: string): Record<string, unknown> {
  return JSON.parse(unzipFirst(sharedPath(`data/posteriordb/data/data/${name}.json.zip`)).toString('utf8')) as Record<string, unknown>;
}

export interface ReferenceMeans {
  readonly names: string[];
  readonly mean_value: number[];
  readonly mcse_mean: number[];
}

export function referenceMeans(posterior: string): ReferenceMeans {
  return JSON.parse(
    readFileSync(sharedPath(`data/posteriordb/reference_posteriors/summary_statistics/mean_value/${posterior}.json`), 'utf8'),
  ) as ReferenceMeans;
}

export const numbers = (v: unknown): number[] => v as number[];

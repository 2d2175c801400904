/** Whether a path names a Parquet file: apart from parquet.ts so that CSV callers do not load the Parquet libraries. */

/** True when the path names a Parquet file (by its extension). */
export function isParquetPath(file: string): boolean {
  return /\.parquet$/i.test(file);
}

// Our byte-level CSV reader against fast-csv: on a corpus of tricky files (and on random files built
// from tricky pieces) both parsers must give the same Table or the same error (code, file, line,
// column), and our reader must give it whatever chunk size cuts the file (records, quotes, CRLF pairs
// and UTF-8 characters split across reads). Each corpus case also states the outcome it expects.
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTable, InputError } from '../../src/index.js';
import type { ReadTableOptions, Table } from '../../src/index.js';
import { Random } from '../../src/util/random.js';
import { tempDir } from '../helpers/cli.js';
import { describeWithShared, sharedPath } from '../helpers/shared.js';

type Snapshot = {
  names: readonly string[];
  lines: number[];
  columns: Array<{ kind: string; values?: Array<number | string>; codes?: number[]; levels?: string[] }>;
  mostlyNumeric: Array<[string, { line: number; value: string }]>;
};
type Outcome = { table: Snapshot } | { error: { code: string; where: unknown } };

function snapshot(t: Table): Snapshot {
  return {
    names: t.names,
    lines: Array.from(t.lines ?? []),
    columns: t.names.map((name) => {
      const c = t.columns.get(name)!;
      // -0 would equal 0 under toEqual: spell it out.
      if (c.kind === 'numeric') return { kind: c.kind, values: Array.from(c.values, (v) => (Object.is(v, -0) ? '-0' : v)) };
      return { kind: c.kind, codes: Array.from(c.codes), levels: [...c.levels] };
    }),
    mostlyNumeric: [...(t.mostlyNumeric ?? new Map()).entries()],
  };
}

async function outcome(file: string, options: ReadTableOptions): Promise<Outcome> {
  try {
    return { table: snapshot(await readTable(file, options)) };
  } catch (e) {
    if (e instanceof InputError) return { error: { code: e.code, where: e.where } };
    throw e;
  }
}

let dir: string | undefined;
afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});
function write(content: string | Buffer, name = 'data.csv'): string {
  dir ??= tempDir();
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Reads with fast-csv, with ours at the default chunk, and with ours at chunk sizes that cut everything. */
async function readBoth(file: string, options: ReadTableOptions = {}, chunks: readonly number[] = [1, 2, 3, 5, 8, 13]) {
  const fastCsv = await outcome(file, { ...options, parser: 'fast-csv' });
  const ours = await outcome(file, { ...options, parser: 'liftwise' });
  expect(ours).toEqual(fastCsv);
  for (const chunkBytes of chunks) {
    expect(await outcome(file, { ...options, parser: 'liftwise', chunkBytes })).toEqual(fastCsv);
  }
  return ours;
}

function column(o: Outcome, name: string) {
  if (!('table' in o)) throw new Error(`expected a table, got ${JSON.stringify(o.error)}`);
  return o.table.columns[o.table.names.indexOf(name)]!;
}

/** Categorical cells as texts (null when missing). */
function texts(o: Outcome, name: string): Array<string | null> {
  const c = column(o, name);
  return c.codes!.map((k) => (k < 0 ? null : c.levels![k]!));
}

interface Case {
  name: string;
  content: string | Buffer;
  options?: ReadTableOptions;
  /** Chunk sizes for our reader (small ones for small files). */
  chunks?: number[];
  expect: (o: Outcome, file: string) => void;
}

const error = (code: string, where: Record<string, unknown>) => (o: Outcome, file: string) =>
  expect(o).toEqual({ error: { code, where: { file, ...where } } });

const corpus: Case[] = [
  {
    name: 'quoted fields holding delimiters, quotes, LF and CRLF',
    content: 'id,note,v\n1,"a,b",2\n2,"say ""hi""",3\n3,"two\nlines",4\n4,"x\r\ny",5\n5,"""",6\n',
    expect: (o) => {
      expect(texts(o, 'note')).toEqual(['a,b', 'say "hi"', 'two\nlines', 'x\r\ny', '"']);
      expect('table' in o && o.table.lines).toEqual([2, 3, 4, 6, 8]);
    },
  },
  {
    name: 'empty cells and NA spellings, trimmed or not',
    content: 'a,b,c\n1,,NA\nN/A,x,null\n NA ,NaN, \nnan,NULL,7\n',
    expect: (o) => {
      expect(column(o, 'a').values).toEqual([1, NaN, NaN, NaN]);
      expect(texts(o, 'b')).toEqual([null, 'x', null, null]);
      expect(column(o, 'c').values).toEqual([NaN, NaN, NaN, 7]);
    },
  },
  {
    name: 'CRLF line ends',
    content: 'a,b\r\n1,x\r\n2,y\r\n',
    expect: (o) => {
      expect(column(o, 'a').values).toEqual([1, 2]);
      expect(texts(o, 'b')).toEqual(['x', 'y']);
    },
  },
  {
    name: 'lone CR line ends, and CR CR LF as two',
    content: 'a,b\r1,2\r\r\n3,4\r',
    expect: (o) => expect('table' in o && o.table.lines).toEqual([2, 4]),
  },
  {
    name: 'a UTF-8 byte order mark before a quoted header',
    content: '\uFEFF"a",b\n1,2\n',
    expect: (o) => expect('table' in o && o.table.names).toEqual(['a', 'b']),
  },
  {
    name: 'no newline at the end',
    content: 'a,b\n1,2\n3,4',
    expect: (o) => expect(column(o, 'b').values).toEqual([2, 4]),
  },
  {
    name: 'no newline at the end, after a quoted field and spaces',
    content: 'a,b\n1,"2"  ',
    expect: (o) => expect(column(o, 'b').values).toEqual([2]),
  },
  {
    name: 'blank lines and lines of spaces, before the header too',
    content: '\n  \na,b\n\n1,2\n \t \n\n3,4\n\n',
    expect: (o) => expect('table' in o && o.table.lines).toEqual([5, 8]),
  },
  {
    name: 'spaces around quoted fields are dropped, inside unquoted fields kept',
    content: 'a,b,c\n1, "x" , y \n2,\t"z"\t,w\n',
    expect: (o) => {
      expect(texts(o, 'b')).toEqual(['x', 'z']);
      expect(texts(o, 'c')).toEqual([' y ', 'w']);
    },
  },
  {
    name: 'spaces alone before the first delimiter make an empty first field',
    content: 'a,b\n  ,1\nx,2\n',
    options: { missing: ['NA'] },
    expect: (o) => expect(texts(o, 'a')).toEqual(['', 'x']),
  },
  {
    name: 'a quote inside an unquoted field is text',
    content: 'a,b\n1,x"y\n2,5"\n',
    expect: (o) => expect(texts(o, 'b')).toEqual(['x"y', '5"']),
  },
  {
    name: 'a row of delimiters only, and a trailing delimiter',
    content: 'a,b,c\n,,\n1,2,\n',
    expect: (o) => expect(column(o, 'c').values).toEqual([NaN, NaN]),
  },
  {
    name: 'numbers in every accepted spelling',
    content:
      'v\n-0\n+1\n.5\n5.\n1e5\n1E-3\n 3 \n"4"\n-.25e+2\nInfinity\n-inf\nInf\n1e400\n1e-400\n' +
      '0.30000000000000004\n1.2345678901234568e29\n2.2250738585072014e-308\n',
    expect: (o) =>
      expect(column(o, 'v').values).toEqual([
        '-0', 1, 0.5, 5, 1e5, 1e-3, 3, 4, -25, Infinity, -Infinity, Infinity, Infinity, 0,
        0.30000000000000004, 1.2345678901234568e29, 2.2250738585072014e-308,
      ]),
  },
  {
    // Numbers would lose the leading zeros and round the long id onto its neighbour.
    name: 'integers with a leading zero or beyond 2^53 are codes: categorical, exact text',
    content: 'a,b,c,d\n1,5,0.5,1\n00012,9007199254740993,0.25,-0\n3,123456789012345678901234567890,0,-007\n',
    expect: (o) => {
      expect(texts(o, 'a')).toEqual(['1', '00012', '3']);
      expect(texts(o, 'b')).toEqual(['5', '9007199254740993', '123456789012345678901234567890']);
      expect(column(o, 'c').kind).toBe('numeric');
      expect(texts(o, 'd')).toEqual(['1', '-0', '-007']);
      expect('table' in o && o.table.mostlyNumeric).toEqual([]);
    },
  },
  {
    name: 'texts that are not numbers make a column categorical',
    content: 'a,b,c,d,e\n1,0x10,1e,1.2.3,"""5"""\n2,3,4,5,6\n',
    expect: (o) => {
      for (const name of ['b', 'c', 'd', 'e']) expect(column(o, name).kind).toBe('categorical');
      expect(texts(o, 'e')).toEqual(['"5"', '6']);
      expect(column(o, 'a').kind).toBe('numeric');
    },
  },
  {
    name: 'a mostly numeric column with one typo is flagged',
    content: 'x\n' + Array.from({ length: 20 }, (_, i) => String(i)).join('\n') + '\n1O\n',
    expect: (o) => expect('table' in o && o.table.mostlyNumeric).toEqual([['x', { line: 22, value: '1O', numericCells: 20, presentCells: 21 }]]),
  },
  {
    name: 'a numeric column that turns categorical after more than 4096 distinct numbers',
    content: 'a,b\n' + Array.from({ length: 5000 }, (_, i) => `${i},${(i * 7) % 4999}.5`).join('\n') + '\n9,oops\n',
    chunks: [7, 4096],
    expect: (o) => {
      expect(column(o, 'b').kind).toBe('categorical');
      const b = texts(o, 'b');
      expect([b[0], b[4999], b[5000]]).toEqual(['0.5', `${(4999 * 7) % 4999}.5`, 'oops']);
      expect(column(o, 'a').kind).toBe('numeric');
    },
  },
  {
    name: 'small integers in every spelling keep distinct levels when the column turns categorical',
    content: 'a\n1\n01\n1.0\n+1\n1\n0\n-0\nx\n',
    expect: (o) => expect(texts(o, 'a')).toEqual(['1', '01', '1.0', '+1', '1', '0', '-0', 'x']),
  },
  {
    name: 'a declared numeric column with text names the line',
    content: 'id,v\n1,2\n2,"3\n"\n3,x\n',
    options: { schema: { v: 'numeric' } },
    expect: error('E_NOT_NUMERIC', { line: 5, column: 'v' }),
  },
  {
    name: 'a declared categorical column keeps number texts as levels',
    content: 'id,v\n007,1.50\n7,1.5\n',
    options: { schema: { id: 'categorical' } },
    expect: (o) => expect(texts(o, 'id')).toEqual(['007', '7']),
  },
  {
    name: 'an unknown schema column',
    content: 'a,b\n1,2\n',
    options: { schema: { c: 'numeric' } },
    expect: error('E_UNKNOWN_COLUMN', { column: 'c' }),
  },
  {
    name: 'the columns option keeps and orders columns',
    content: 'a,b,c\n1,x,3\n4,y,6\n',
    options: { columns: ['c', 'a'] },
    expect: (o) => expect('table' in o && o.table.names).toEqual(['c', 'a']),
  },
  {
    name: 'the columns option naming a column the file lacks',
    content: 'a,b\n1,2\n',
    options: { columns: ['a', 'zz'] },
    expect: error('E_UNKNOWN_COLUMN', { column: 'zz' }),
  },
  {
    name: 'a semicolon file with decimal points',
    content: 'x;y;label\n1.5;2;"a;b"\n3;4;c\n',
    expect: (o) => {
      expect(column(o, 'x').values).toEqual([1.5, 3]);
      expect(texts(o, 'label')).toEqual(['a;b', 'c']);
    },
  },
  {
    name: 'a tab file with spaces before a quote',
    content: 'x\ty\n1\t  "a b"\n2\t c\n',
    expect: (o) => expect(texts(o, 'y')).toEqual(['a b', ' c']),
  },
  {
    name: 'a pipe file',
    content: 'x|y\n1|2\n',
    expect: (o) => expect(column(o, 'y').values).toEqual([2]),
  },
  {
    name: 'a row with too many fields',
    content: 'a,b\n1,2\n3,4,5\n',
    expect: error('E_TOO_MANY_FIELDS', { line: 3 }),
  },
  {
    name: 'a row with too few fields after a quoted newline',
    content: 'a,b\n"x\ny",1\n2\n',
    expect: error('E_TOO_FEW_FIELDS', { line: 4 }),
  },
  {
    name: 'a CR inside quotes is not a line',
    content: 'a,b\n"x\ry",1\n2,3,4\n',
    expect: error('E_TOO_MANY_FIELDS', { line: 3 }),
  },
  {
    name: 'an unclosed quote',
    content: 'a,b\n1,2\n"x,3\n4,5\n',
    expect: error('E_MALFORMED_CSV', { line: 3 }),
  },
  {
    name: 'an unclosed quote opened after a quoted newline in the same record',
    content: 'a,b\n"p\nq","x\n1,2\n',
    expect: error('E_MALFORMED_CSV', { line: 3 }),
  },
  {
    name: 'text after a closing quote',
    content: 'a,b\n1,2\n3,"x"y\n',
    expect: error('E_MALFORMED_CSV', { line: 3 }),
  },
  {
    name: 'text after a closing quote, on the second line of the field',
    content: 'a,b\n1,"x\nz"y\n',
    expect: error('E_MALFORMED_CSV', { line: 3 }),
  },
  {
    name: 'a row error before a quote error is the one reported',
    content: 'a,b\n1,2,3\n"x"y,1\n',
    expect: error('E_TOO_MANY_FIELDS', { line: 2 }),
  },
  {
    name: 'a quote error before a row error is the one reported',
    content: 'a,b\n"x"y,1\n1,2,3\n',
    expect: error('E_MALFORMED_CSV', { line: 2 }),
  },
  {
    name: 'a declared-column error before an unclosed quote',
    content: 'a,b\n1,2\nq,3\n"x,1\n',
    options: { schema: { a: 'numeric' } },
    expect: error('E_NOT_NUMERIC', { line: 3, column: 'a' }),
  },
  {
    name: 'lone CR line ends before a quote error',
    content: 'a,b\r1,2\r3,"x"y\r',
    expect: error('E_MALFORMED_CSV', { line: 3 }),
  },
  { name: 'an empty file', content: '', expect: error('E_EMPTY_FILE', { line: 1 }) },
  { name: 'blank lines only', content: '\n \r\n\n', expect: error('E_EMPTY_FILE', { line: 1 }) },
  { name: 'a header only', content: 'a,b\n\n', expect: error('E_NO_ROWS', { line: 2 }) },
  { name: 'a duplicate header', content: 'a,b,a\n1,2,3\n', expect: error('E_DUPLICATE_HEADER', { line: 1, column: 3 }) },
  { name: 'an empty header name', content: 'a,"  ",c\n1,2,3\n', expect: error('E_MISSING_HEADER', { line: 1, column: 2 }) },
  {
    name: 'header names are trimmed',
    content: ' a ,"b "\n1,2\n',
    expect: (o) => expect('table' in o && o.table.names).toEqual(['a', 'b']),
  },
  {
    name: 'custom missing spellings, including a number',
    content: 'a,b\n-999,\n5,-999\n',
    options: { missing: ['-999'] },
    expect: (o) => {
      expect(column(o, 'a').values).toEqual([NaN, 5]);
      expect(texts(o, 'b')).toEqual(['', null]);
    },
  },
  {
    name: 'non-ASCII text, Unicode spaces around NA and before a quote',
    content: 'city,v,w\nZürich,\u00a0NA\u2003,\u3000"q"\nSão Paulo,1,r\nZürich,2,"\u00a0"\n',
    expect: (o) => {
      expect(texts(o, 'city')).toEqual(['Zürich', 'São Paulo', 'Zürich']);
      expect(column(o, 'v').values).toEqual([NaN, 1, 2]);
      // A quoted no-break space trims to '', which is a missing spelling.
      expect(texts(o, 'w')).toEqual(['q', 'r', null]);
    },
  },
  {
    // Decoding them as U+FFFD would alter the user's text silently.
    name: 'bytes that are not UTF-8 are an error naming line and column',
    content: Buffer.concat([Buffer.from('s,v\nok,0\n'), Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(',1\n'), Buffer.from([0xfe]), Buffer.from(',2\n')]),
    expect: (o) => expect(o).toEqual({ error: { code: 'E_NOT_UTF8', where: expect.objectContaining({ line: 3, column: 's' }) } }),
  },
  {
    name: 'a space as the delimiter: spaces are fields apart, tabs still skipped around quotes',
    content: 'a b\n1 \t"x"\t\n',
    options: { delimiter: ' ' },
    expect: (o) => {
      expect(column(o, 'a').values).toEqual([1]);
      expect(texts(o, 'b')).toEqual(['x']);
    },
  },
  {
    name: 'a space as the delimiter: two spaces make an empty field',
    content: 'a b\n1  2\n',
    options: { delimiter: ' ' },
    expect: error('E_TOO_MANY_FIELDS', { line: 2 }),
  },
  {
    name: 'a delimiter given in the options',
    content: 'a,b;c\n1,2;3\n',
    options: { delimiter: ';' },
    expect: (o) => expect('table' in o && o.table.names).toEqual(['a,b', 'c']),
  },
];

describe('liftwise and fast-csv read the same tables and raise the same errors', () => {
  for (const c of corpus) {
    it(c.name, async () => {
      const file = write(c.content);
      const o = await readBoth(file, c.options ?? {}, c.chunks);
      c.expect(o, file);
    });
  }
});

describe('random files made of tricky pieces', () => {
  // Pieces that matter to the grammar: quotes, delimiters, line ends, spaces (ASCII and Unicode),
  // multi-byte text, numbers and missing spellings.
  const pieces = ['"', '""', ',', ',', '\n', '\n', '\r\n', '\r', ' ', '\t', '\u00a0', '\u3000', 'é', '€', '1', '2.5', '-3e2', 'NA', 'x', 'ab', '0'];
  const textPieces = ['1', '2.5', '-3e2', '.5', 'NA', '', 'x', 'é', '€', ' ', '\u00a0', '07'];
  const lineEnds = ['\n', '\r\n', '\r'];

  /** A file of rows with the header's field count, fields quoted or not, with spaces, blank lines and odd line ends. */
  function regularFile(rng: Random, columns: number): string {
    const pick = (a: readonly string[]) => a[rng.int(a.length)]!;
    let out = Array.from({ length: columns }, (_, j) => `c${j}`).join(',') + pick(lineEnds);
    const rows = 1 + rng.int(8);
    for (let i = 0; i < rows; i++) {
      if (rng.uniform() < 0.1) out += pick(['', ' ', '\t']) + pick(lineEnds);
      const fields: string[] = [];
      for (let j = 0; j < columns; j++) {
        let text = '';
        const parts = rng.int(3);
        for (let k = 0; k < parts; k++) text += pick(textPieces);
        const u = rng.uniform();
        if (u < 0.3) {
          const inner = text + (rng.uniform() < 0.3 ? pick(['""', ',', '\n', '\r\n', '\r']) + pick(textPieces) : '');
          fields.push(pick(['', ' ', '\u00a0']) + `"${inner}"` + pick(['', ' ', '\t']));
        } else if (u < 0.35) fields.push(text + '"' + pick(textPieces));
        else fields.push(text);
      }
      out += fields.join(',') + (i === rows - 1 && rng.uniform() < 0.3 ? '' : pick(lineEnds));
    }
    return out;
  }

  it('agree on 300 random files with five delimiters, cut at every chunk size from 1 to 9 bytes', async () => {
    const rng = new Random(42);
    let tables = 0;
    let errors = 0;
    for (let k = 0; k < 300; k++) {
      const columns = 1 + rng.int(3);
      let content: string;
      if (k % 2 === 0) content = regularFile(rng, columns);
      else {
        content = Array.from({ length: columns }, (_, j) => `c${j}`).join(',') + '\n';
        const n = 5 + rng.int(40);
        for (let i = 0; i < n; i++) content += pieces[rng.int(pieces.length)];
      }
      // Every fourth file uses another delimiter (the spaces among the pieces then split fields too).
      const delimiter = [',', ',', ',', ';', '\t', ' ', '|'][k % 4 === 3 ? 3 + rng.int(4) : 0]!;
      const file = write(content.replaceAll(',', delimiter), `random-${k}.csv`);
      const o = await readBoth(file, { delimiter }, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      if ('table' in o) tables++;
      else errors++;
    }
    // Both kinds of outcome were exercised.
    expect(tables).toBeGreaterThan(60);
    expect(errors).toBeGreaterThan(60);
  });
});

// Rows as the data sets document them (Hillstrom's 64,000 customers, rethinking's 9,930 Trolley
// responses and 48 reed-frog tanks); the enrolment file starts with an unnamed index column.
const sharedFiles: Array<[string, number | string]> = [
  ['data/uplift/hillstrom.csv', 64_000],
  ['data/rethinking/Trolley.csv', 9_930],
  ['data/rethinking/reedfrogs.csv', 48],
  ['data/janos/college_applications6000.csv', 6_000],
  ['data/janos/college_student_enroll-s1-1.csv', 'E_MISSING_HEADER'],
];
describeWithShared('liftwise and fast-csv on the shared data files', sharedFiles.map(([name]) => name), () => {
  it('read the same tables, or fail alike', async () => {
    for (const [name, expected] of sharedFiles) {
      const o = await readBoth(sharedPath(name), {}, []);
      if (typeof expected === 'number') expect('table' in o && o.table.lines.length).toBe(expected);
      else expect('error' in o && o.error.code).toBe(expected);
    }
  });
});

describe('parser option', () => {
  it('reads a non-ASCII delimiter through fast-csv under auto, refuses it for liftwise', async () => {
    const file = write('a§b\n1§2\n');
    const t = await readTable(file, { delimiter: '§' });
    expect(t.names).toEqual(['a', 'b']);
    await expect(readTable(file, { delimiter: '§', parser: 'liftwise' })).rejects.toMatchObject({ code: 'E_BAD_DELIMITER' });
  });

  it('refuses a delimiter of two characters or a quote with either parser', async () => {
    const file = write('a,b\n1,2\n');
    for (const parser of ['liftwise', 'fast-csv'] as const) {
      for (const delimiter of [',,', '"', '']) {
        await expect(readTable(file, { delimiter, parser })).rejects.toMatchObject({ code: 'E_BAD_DELIMITER', exitCode: 2 });
      }
    }
  });

  it('refuses an unknown parser name', async () => {
    const file = write('a\n1\n');
    await expect(readTable(file, { parser: 'papaparse' as 'auto' })).rejects.toMatchObject({ code: 'E_BAD_PARSER', exitCode: 2 });
  });

  it('reports a missing file and a directory alike with a delimiter given', async () => {
    const d = tempDir();
    for (const parser of ['liftwise', 'fast-csv'] as const) {
      await expect(readTable(join(d, 'nope.csv'), { delimiter: ',', parser })).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND' });
      await expect(readTable(d, { delimiter: ',', parser })).rejects.toMatchObject({ code: 'E_NO_SHARDS' });
    }
  });
});

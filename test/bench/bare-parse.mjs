// The floor for reading: stream the file through csv-parse with the reader's options and count
// records, nothing else. Plain JavaScript run by node, so it starts as fast as the built bin.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

let records = 0;
const parser = createReadStream(process.argv[2]).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true }));
for await (const _ of parser) records++;
process.stdout.write(`${records}\n`);

/** Reports: text, JSON, CSV and the audit record. Pure: nothing here writes to the terminal. */
export * from './output.js';
export * from './json.js';
export * from './odds-csv.js';
export * from './text.js';
export * from './fields.js';
export { OutputError, writeFilesAtomically, type OutputFile } from './atomic.js';

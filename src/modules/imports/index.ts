export { type HistoryRow, historyRowSchema, type RowProblem, validateHistoryRow } from './history-row.js';
export {
  type BatchResult,
  categoryLookup,
  derivedExternalId,
  type ImportedTicketRow,
  type ImportOptions,
  importHistoryBatch,
  insertImportedTickets,
  MAX_IMPORT_BATCH,
} from './import-history.js';
export { importsRoutes } from './imports-routes.js';
export {
  detectFormat,
  type HistoryFileRecords,
  parseCsv,
  parseJsonLines,
  readHistoryFile,
} from './read-history-file.js';

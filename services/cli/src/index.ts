export type { Command } from './command.js';
export { parseFlags } from './command.js';
// the labelled-dataset reader `aiops replay --events x.csv` uses, for benchmarks that feed datasets the same way
export { cmdbRoots, guessColumns, parseMap, readDataset, type ColumnMap, type DatasetResult } from './commands/dataset.js';
export { keysByGroup, noteMemberships, occurrenceScoring, occurrenceTruth, placeOccurrences, type Memberships, type Occurrence } from './commands/occurrences.js';

// Entry of a worker thread that runs a TypeScript module: Triage runs from its TypeScript sources
// through tsx, whose loader a new thread does not inherit on Node 20, so it registers it first.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

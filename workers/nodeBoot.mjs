// Boots a TypeScript worker entry in a Node worker_thread: registers tsx in this thread (execArgv
// `--import` is not honoured by worker_threads on Node 20), then imports the entry named in
// workerData.entry. Used by the CLI and the tests; browsers load the .worker.ts entries via Vite.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);

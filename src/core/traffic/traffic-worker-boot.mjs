// Starts the traffic log's worker thread from TypeScript source (the CLI, browser mode and the
// tests run the core through tsx, and a worker thread does not inherit its loader). The built
// Electron app starts out/main/traffic-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./traffic-worker.ts');

/**
 * The traffic log's worker thread (see traffic-service.ts). Started by `TrafficLogHost`: from
 * source through traffic-worker-boot.mjs, or as the `traffic-worker` entry of the built main
 * bundle (electron.vite.config.ts).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { serveTrafficLog, type ServicePort, type TrafficServiceOptions } from './traffic-service';

if (!parentPort) throw new Error('traffic-worker runs as a worker thread');
const options = workerData as TrafficServiceOptions & { readonly data: MessagePort };
serveTrafficLog(parentPort as unknown as ServicePort, options.data, options);

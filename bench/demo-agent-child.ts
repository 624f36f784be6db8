/**
 * The demo agent (no stream delay) in a process of its own, for benches that measure the
 * core's memory: in-process, the agent's own session history (it keeps every chunk it sent,
 * for session/load) would count as the core's. Prints its URL on the first stdout line.
 */
import { startDemoAgent } from '../src/demo-agent/server';

const agent = await startDemoAgent({ streamDelayMs: 0 });
process.stdout.write(`${agent.url}\n`);
process.on('SIGTERM', () => void agent.close().then(() => process.exit(0)));

/**
 * The benchmark's agent, in its own process (so client and server do not share an event
 * loop): the SDK's AcpServer on 127.0.0.1 with two prompt scripts:
 *   "flood N"     N small agent_message_chunk updates as fast as the server can send them;
 *   "paced N R"   N chunks at R per second, each carrying process.hrtime (CLOCK_MONOTONIC,
 *                 comparable across processes on one machine) so the client can measure
 *                 send→receive latency.
 * Prints its URL on stdout.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { agent, methods } from '@agentclientprotocol/sdk';
import { AcpServer } from '@agentclientprotocol/sdk/experimental/server';
import { createNodeHttpHandler } from '@agentclientprotocol/sdk/experimental/node';

let n = 0;
const build = () =>
  agent({ name: 'bench-agent' })
    .onRequest(methods.agent.initialize, () => ({ protocolVersion: 1, agentCapabilities: {}, authMethods: [] }))
    .onRequest(methods.agent.session.new, () => ({ sessionId: `bench_${++n}` }))
    .onRequest(methods.agent.session.prompt, async ({ params, client }) => {
      const first = params.prompt[0];
      const [cmd, a, b] = (first?.type === 'text' ? first.text : '').split(' ');
      const count = Number(a);
      const notify = (text: string) =>
        client.notify(methods.client.session.update, {
          sessionId: params.sessionId,
          update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text } },
        });
      if (cmd === 'flood') for (let i = 0; i < count; i++) await notify(`chunk ${i} `);
      if (cmd === 'paced') {
        const interval = 1e9 / Number(b);
        const start = process.hrtime.bigint();
        for (let i = 0; i < count; i++) {
          const due = start + BigInt(Math.round(i * interval));
          while (process.hrtime.bigint() < due) await new Promise((r) => setImmediate(r));
          await notify(`t:${process.hrtime.bigint()}`);
        }
      }
      return { stopReason: 'end_turn' };
    });

const acp = new AcpServer({ createAgent: build });
const server = http.createServer(createNodeHttpHandler(acp));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/acp\n`);
});
process.on('SIGTERM', () => process.exit(0));

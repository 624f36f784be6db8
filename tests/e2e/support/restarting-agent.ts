/**
 * An agent that a test stops and starts again under an open session (issue 8's restart
 * scenario): the SDK's AcpServer (tests/support/test-agent.ts) with its sessions kept in a store
 * that outlives each server, so the one started again on the same port knows them. `test` here
 * gives it to `acp-desk web` as the endpoint "Restarting agent".
 */
import { startTestAgent, type TestAgent, type TestSession } from '../../support/test-agent';
import { fileScoped, test as base } from './fixtures';

export const RESTARTING_AGENT = 'Restarting agent';

export class RestartingAgent {
  /** Every session the agent has known, across restarts. */
  readonly store = new Map<string, TestSession>();
  private server: TestAgent | undefined;
  /** Its address: the first start picks a free port, every later one takes the same. */
  url = '';

  async start(): Promise<this> {
    const port = this.url ? Number(new URL(this.url).port) : 0;
    this.server = await startTestAgent({ store: this.store, port });
    this.url = this.server.url;
    return this;
  }

  /** Stops the server; `start()` brings it back on the same port. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }
}

export const test = base.extend<{ agent: RestartingAgent }>({
  agent: fileScoped(
    () => new RestartingAgent().start(),
    (agent) => agent.stop(),
  ),
  webArgs: async ({ agent }, use) => use(['--endpoint', `${RESTARTING_AGENT}=${agent.url}`]),
});

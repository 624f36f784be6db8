/**
 * `acp-desk chat --elicitation` against the test agent on the SDK's AcpServer, over HTTP and
 * WebSocket: the CLI advertises both elicitation modes, answers each request by its policy
 * (the agent echoes what it got), and prints what was asked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { memoryIo } from '../support/cli-io';
import { startTestAgent, type TestAgent } from '../support/test-agent';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function agent(): Promise<TestAgent> {
  const a = await startTestAgent();
  cleanups.push(() => a.close());
  return a;
}

interface Line {
  type: string;
  [k: string]: unknown;
}

const jsonLines = (text: string): Line[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);

describe.each(['http', 'ws'] as const)('acp-desk chat --elicitation over %s', (transport) => {
  it('declines by default, says so on one line, and the agent hears decline', async () => {
    const a = await agent();
    const io = memoryIo();
    const code = await main(['chat', a.url, '--transport', transport, '--prompt', 'ask', '--prompt', 'login'], io);
    expect(code).toBe(0);
    expect(a.clientCapabilities[0]).toMatchObject({ elicitation: { form: {}, url: {} } });
    const out = io.out();
    expect(out).toContain('[elicitation] Which branch? (form: branch*) → declined\n');
    expect(out).toContain('asked: decline');
    expect(out).toContain(
      '[elicitation] Sign in to continue (url: https://login.example.test/authorize?session=1) → declined\n',
    );
    expect(out).toContain('login: decline');
    expect(out.match(/\[end_turn\]/g)).toHaveLength(2);
  });

  it('--elicitation cancel answers cancel; --json prints the request and the action', async () => {
    const a = await agent();
    const io = memoryIo('ask\nlogin\n');
    const code = await main(['chat', a.url, '--transport', transport, '--elicitation', 'cancel', '--json'], io);
    expect(code).toBe(0);
    const lines = jsonLines(io.out());
    const asked = lines.filter((l) => l.type === 'elicitation');
    expect(asked).toEqual([
      {
        type: 'elicitation',
        action: 'cancel',
        request: expect.objectContaining({ mode: 'form', message: 'Which branch?' }) as unknown,
      },
      {
        type: 'elicitation',
        action: 'cancel',
        request: expect.objectContaining({
          mode: 'url',
          url: 'https://login.example.test/authorize?session=1',
        }) as unknown,
      },
    ]);
    const texts = lines
      .filter((l) => l.type === 'update')
      .map((l) => (l.update as { sessionUpdate: string; content?: { text?: string } }).content?.text);
    expect(texts).toContain('asked: cancel');
    expect(texts).toContain('login: cancel');
    expect(lines.filter((l) => l.type === 'turn_end')).toHaveLength(2);
  });
});

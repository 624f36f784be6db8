/**
 * The answer to `session/fork` (issue 14) is matched to its request by id whichever stream
 * carries it (the SDK's server uses the source session's stream; other peers the connection
 * stream), and, like session/new's, it makes the transport remember the new session and open
 * its stream.
 */
import { describe, expect, it } from 'vitest';
import { routeIncoming, type IncomingDeps } from '../../../src/core/transport/incoming';
import type { AnyMessage, AnyRequest } from '../../../src/core/transport/jsonrpc';
import type { Link } from '../../../src/core/transport/link';
import type { OutputQueue } from '../../../src/core/transport/output-queue';
import { PendingTable } from '../../../src/core/transport/pending';
import type { Lane } from '../../../src/shared/domain/traffic';
import { ManualTimers } from './manual-timers';

function rig() {
  const pending = new PendingTable(new ManualTimers());
  const out: AnyMessage[] = [];
  const remembered: Array<[string, unknown]> = [];
  const opened: string[] = [];
  const errors: string[] = [];
  const link = { openSession: async (id: string) => void opened.push(id) } as unknown as Link;
  const d: IncomingDeps = {
    pending,
    out: { push: (m: AnyMessage) => out.push(m) } as unknown as OutputQueue,
    internal: new Map(),
    link: () => link,
    remember: (id, params) => void remembered.push([id, params]),
    forget: () => undefined,
    record: (r) => void errors.push(String((r as { message?: string }).message)),
  };
  return { d, pending, out, remembered, opened, errors };
}

const fork = (id: number): AnyRequest => ({
  jsonrpc: '2.0',
  id,
  method: 'session/fork',
  params: { sessionId: 'src', cwd: '/w', mcpServers: [] },
});

describe.each(['session:src', 'connection'] as const)('a session/fork answer on %s', (lane: Lane) => {
  it('is correlated by id, remembers the new session and opens its stream', () => {
    const { d, pending, out, remembered, opened, errors } = rig();
    pending.addClient(fork(4), 'src', 1);
    const answer: AnyMessage = { jsonrpc: '2.0', id: 4, result: { sessionId: 'forked' } };
    routeIncoming(d, 1, answer, lane);
    expect(out).toEqual([answer]);
    expect(remembered).toEqual([['forked', { sessionId: 'src', cwd: '/w', mcpServers: [] }]]);
    expect(opened).toEqual(['forked']);
    expect(errors).toEqual([]);
    expect(pending.hasClient(4)).toBe(false);
  });

  it('that is an error opens nothing', () => {
    const { d, pending, out, remembered, opened } = rig();
    pending.addClient(fork(5), 'src', 1);
    routeIncoming(d, 1, { jsonrpc: '2.0', id: 5, error: { code: -32002, message: 'not found' } }, lane);
    expect(out).toHaveLength(1);
    expect(remembered).toEqual([]);
    expect(opened).toEqual([]);
  });
});

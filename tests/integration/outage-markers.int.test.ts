/**
 * Issue 13, connection-lost markers, against the real engine and the SDK's AcpServer: the
 * agent is restarted under two open sessions. Each session is marked when the loss happens
 * (stamped with that time, not the time the agent came back), in its own words (never naming
 * the other session's stream, no doubled parentheses), and that one marker is updated in place
 * when recovery ends — not joined by a second one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Entry, SessionState } from '../../src/shared/domain/session';
import { initialSessionState, reduceSession } from '../../src/shared/session/reducer';
import { engineHarness, waitFor, type Harness } from '../support/engine-harness';
import { startTestAgent, type TestAgent } from '../support/test-agent';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function agentUp(opts: Parameters<typeof startTestAgent>[0] = {}): Promise<TestAgent> {
  const a = await startTestAgent(opts);
  cleanups.push(() => a.close());
  return a;
}

type Marker = Extract<Entry, { kind: 'marker' }>;
const state = (h: Harness, id: string): SessionState => h.engine.snapshot(id).state;
const markers = (s: SessionState): Marker[] =>
  s.entryIds.map((id) => s.entries[id]!).filter((e): e is Marker => e.kind === 'marker');
const outageMarkers = (s: SessionState) =>
  markers(s).filter((m) => m.marker === 'gap' || m.marker === 'connection_lost' || m.marker === 'recovered');

/** Every text an outage marker of this session showed, folding the pushed events one by one. */
function markerTexts(h: Harness, sessionId: string): string[] {
  const seen = new Set<string>();
  let s = initialSessionState(sessionId);
  for (const env of h.batches.filter((b) => b.sessionId === sessionId).flatMap((b) => b.events)) {
    s = reduceSession(s, env);
    for (const m of outageMarkers(s)) seen.add(m.text);
  }
  return [...seen];
}

describe('connection-lost markers (issue 13)', () => {
  it.each([
    ['http', 'down a while'],
    ['ws', 'down a while'],
    // Back at once: the loss is first seen as a 404 on one session's stream (the reported case).
    ['http', 'back at once'],
    // Down past the fast retries: the endpoint goes offline, the connection is rebuilt later.
    ['http', 'down until offline'],
  ] as const)(
    'over %s, agent %s: marked at the loss, in each session only, updated in place when recovery ends',
    async (transport, downtime) => {
      const a = await agentUp();
      const h = await engineHarness();
      cleanups.push(() => h.close());
      const ep = await h.addEndpoint('A', a.url, transport);
      const ids: string[] = [];
      for (const text of ['chunks 2', 'chunks 3']) {
        const { sessionId } = await h.engine.newSession(ep, '/tmp');
        await h.engine.prompt(sessionId, [{ type: 'text', text }]);
        await waitFor(() => state(h, sessionId).turn.lastStopReason === 'end_turn', 'first turn', 5000);
        ids.push(sessionId);
      }

      const lostAt = Date.now();
      await a.close();
      // The loss is marked while the agent is still down, in every session it affects.
      if (downtime !== 'back at once')
        await waitFor(() => ids.every((id) => outageMarkers(state(h, id)).length > 0), 'markers while down', 10_000);
      if (downtime === 'down until offline')
        await waitFor(() => h.statuses.some((x) => x.state === 'offline' || x.state === 'failed'), 'offline', 80_000);
      const during = ids.map((id) => outageMarkers(state(h, id)));
      const restartedAt = Date.now();
      await agentUp({ port: a.port, store: a.store });
      await waitFor(
        () => ids.every((id) => outageMarkers(state(h, id)).some((m) => m.marker === 'recovered')),
        'recovered markers',
        downtime === 'down until offline' ? 30_000 : 15_000,
      );

      // The one state the badges read says so too (state/status-model.ts).
      await waitFor(() => h.statuses.at(-1)?.state === 'connected', 'endpoint connected', 10_000);
      for (const [i, id] of ids.entries()) {
        const other = ids[1 - i]!;
        const after = outageMarkers(state(h, id));
        // One marker for the outage: the one placed at the loss, its text updated in place.
        expect(after, `session ${i}: ${JSON.stringify(after)}`).toHaveLength(1);
        const m = after[0]!;
        if (downtime !== 'back at once') expect(m.id).toBe(during[i]![0]!.id);
        expect(m.marker).toBe('recovered');
        expect(m.at).toBeGreaterThanOrEqual(lostAt);
        // Down a while: stamped at the loss, not when the agent came back (it was placed while down).
        if (downtime !== 'back at once') expect(m.at).toBeLessThanOrEqual(restartedAt);
        // Its own words in every version it had: not the other session's stream, no '))'.
        // (the pushed batches trail the engine's state by one flush)
        await waitFor(() => markerTexts(h, id).includes(m.text), 'pushed marker text', 5000);
        const texts = markerTexts(h, id);
        console.log(transport, downtime, texts, h.statuses.map((x) => x.state + (x.attempt ?? '')).join(','));
        for (const t of texts) {
          expect(t).not.toContain(other);
          expect(t).not.toContain('))');
        }
        expect(m.text).toMatch(/re-attached/);
        // The session is usable again.
        await h.engine.prompt(id, [{ type: 'text', text: 'chunks 1' }]);
        await waitFor(
          () => state(h, id).turn.status === 'idle' && state(h, id).entryIds.length >= 7,
          'turn after recovery',
          5000,
        );
      }
    },
    // The offline case waits out the real fast-retry budget (~20 s of backoff).
    120_000,
  );
});

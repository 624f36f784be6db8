/**
 * "Show frames" on a Diagnose step (issue 12): a step that made exchanges offers it, a step that
 * made none does not, and clicking it opens the traffic inspector on the run's own connection
 * ("Diagnose · … · hh:mm:ss" in the picker) showing exactly that step's records, with the banner.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleProbeReport } from '../../src/renderer/bridge/fake-probe-report';
import { resetDiagnoseRuns } from '../../src/renderer/features/traffic/diagnose-runs';
import { resetFramesRequest } from '../../src/renderer/features/traffic/frames-request';
import type { ProbeReport } from '../../src/shared/domain/probe-report';
import { ok } from '../../src/shared/util/result';
import { Recorder, req, res } from '../unit/traffic/records';
import { renderApp } from './render-app';

const RUN = 'diagnose:run-1';
const LABEL = 'Diagnose · Staging · 14:02:11';

/** The run's wire: two records before initialize (another step's), initialize's three, one after. */
function wire() {
  const r = new Recorder();
  r.add({ kind: 'websocket', phase: 'connecting', url: 'wss://x/acp' });
  r.add({ kind: 'websocket', phase: 'closed', url: 'wss://x/acp' });
  r.out(req(1, 'initialize', { protocolVersion: 1 }));
  r.add({
    kind: 'http',
    method: 'POST',
    url: 'https://agents.staging.example.com/v1/acp',
    lane: 'connection',
    status: 200,
    requestHeaders: { authorization: '[redacted]' },
    requestBytes: 80,
  });
  r.in(res(1, { protocolVersion: 1 }));
  r.add({ kind: 'stream', lane: 'connection', phase: 'open' });
  return r.records;
}

function report(): ProbeReport {
  const base = sampleProbeReport('https://agents.staging.example.com/v1/acp');
  return {
    ...base,
    traffic: { endpointId: RUN, label: LABEL },
    steps: base.steps.map((s) => (s.id === 'initialize' ? { ...s, frames: { fromSeq: 3, toSeq: 5 } } : s)),
  };
}

beforeEach(() => {
  resetFramesRequest();
  resetDiagnoseRuns();
});
afterEach(() => cleanup());

describe('Diagnose: Show frames', () => {
  it("opens the inspector on the run's connection with exactly the step's records", async () => {
    const { bridge } = renderApp({
      selectedId: 'staging',
      handlers: {
        'endpoints:diagnose': () => ok(report()),
        'traffic:diagnoseRuns': () =>
          ok([{ endpointId: RUN, label: LABEL, forEndpointId: 'staging', startedAt: '2026-12-03T14:02:11Z' }]),
      },
    });
    bridge.fake.traffic.push(RUN, wire());
    fireEvent.click(await screen.findByRole('button', { name: 'Diagnose' }));
    const found = await screen.findByRole('region', { name: 'Diagnosis report' });

    const steps = within(found).getAllByTestId('diagnose-step');
    const offered = steps.filter((s) => within(s).queryByTestId('diagnose-show-frames'));
    expect(offered.map((s) => s.dataset.stepId)).toEqual(['initialize']);

    fireEvent.click(within(found).getByRole('button', { name: 'Show the frames of the step POST initialize' }));
    expect((await screen.findByTestId('traffic-link', {}, { timeout: 15_000 })).textContent).toContain(
      'Showing the frames of the step POST initialize.',
    );
    await waitFor(() => expect(screen.getAllByTestId('traffic-row')).toHaveLength(3));
    const rows = screen.getAllByTestId('traffic-row');
    expect(rows.every((r) => r.dataset.linked === 'true')).toBe(true);
    expect(rows.map((r) => r.textContent).join(' ')).toContain('initialize');
    const picker = screen.getByTestId('traffic-target') as HTMLSelectElement;
    expect(picker.value).toBe(RUN);
    expect(picker.selectedOptions[0]?.textContent).toBe(LABEL);
    expect(bridge.fake.callsTo('traffic:window').at(-1)).toMatchObject({ endpointId: RUN, query: 'seq:[3 TO 5]' });
  });

  it('a report without recorded traffic offers no Show frames', async () => {
    renderApp({ selectedId: 'staging' });
    fireEvent.click(await screen.findByRole('button', { name: 'Diagnose' }));
    const found = await screen.findByRole('region', { name: 'Diagnosis report' });
    expect(within(found).queryAllByTestId('diagnose-show-frames')).toHaveLength(0);
  });
});

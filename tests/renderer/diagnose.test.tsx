import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleProbeReport, unreachableProbeReport } from '../../src/renderer/bridge/fake-probe-report';
import type { ProbeReport } from '../../src/shared/domain/probe-report';
import { ok, type IpcResult } from '../../src/shared/util/result';
import { deferred, renderApp } from './render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const panel = () => screen.getByTestId('diagnose-panel');

describe('Diagnose on the endpoint page', () => {
  it('shows progress, then the outcome, the steps in order and the checks grouped by tier', async () => {
    const answer = deferred<IpcResult<ProbeReport>>();
    const { bridge } = renderApp({ selectedId: 'staging', handlers: { 'endpoints:diagnose': () => answer.promise } });
    fireEvent.click(await screen.findByRole('button', { name: 'Diagnose' }));

    expect(within(panel()).getByRole('status').textContent).toContain('Diagnosing… this takes a few seconds');
    expect(bridge.fake.callsTo('endpoints:diagnose')).toEqual([{ id: 'staging' }]);
    answer.resolve(ok(sampleProbeReport('https://agents.staging.example.com/v1/acp')));

    const report = await screen.findByRole('region', { name: 'Diagnosis report' });
    expect(within(report).getByTestId('diagnose-outcome').dataset.status).toBe('ok');
    expect(within(report).getByText('Every MANDATORY check holds.')).toBeTruthy();
    const steps = within(report).getAllByTestId('diagnose-step');
    expect(steps.map((s) => s.dataset.stepId)).toEqual(['url', 'tcp', 'tls', 'initialize']);
    expect(steps.map((s) => within(s).getByTestId('diagnose-verdict').textContent)).toEqual([
      'PASS',
      'PASS',
      'SKIP',
      'PASS',
    ]);
    expect(within(report).getByRole('list', { name: 'MANDATORY checks' })).toBeTruthy();
    const advisory = within(report).getByRole('list', { name: 'ADVISORY checks' });
    expect(within(advisory).getByText('Send a comment every 15 s.')).toBeTruthy();
    expect(within(report).getByRole('list', { name: 'INFORMATIONAL checks' })).toBeTruthy();
    // Nothing failed, so the outcome takes the focus.
    expect(document.activeElement).toBe(within(report).getByTestId('diagnose-outcome'));
  });

  it('lists each step and check live as the host reports it, for this endpoint only', async () => {
    const answer = deferred<IpcResult<ProbeReport>>();
    const { bridge } = renderApp({ selectedId: 'staging', handlers: { 'endpoints:diagnose': () => answer.promise } });
    fireEvent.click(await screen.findByRole('button', { name: 'Diagnose' }));
    await screen.findByText(/this takes a few seconds/);
    const [url, tcp] = sampleProbeReport('https://agents.staging.example.com/v1/acp').steps;
    act(() => {
      bridge.fake.emit('endpoints:diagnoseProgress', { id: 'staging', item: { kind: 'step', step: url! } });
      bridge.fake.emit('endpoints:diagnoseProgress', { id: 'other', item: { kind: 'step', step: tcp! } });
      bridge.fake.emit('endpoints:diagnoseProgress', { id: 'staging', item: { kind: 'step', step: tcp! } });
    });
    const live = await screen.findByRole('list', { name: 'Finished so far' });
    const items = within(live).getAllByTestId('diagnose-live-item');
    expect(items.map((i) => i.textContent)).toEqual([
      `PASS ${url!.title} ${url!.durationMs} ms`,
      `PASS ${tcp!.title} ${tcp!.durationMs} ms`,
    ]);
    expect(within(panel()).getByRole('status').textContent).toContain(`2 steps done, last: ${tcp!.title}`);
    answer.resolve(ok(sampleProbeReport('https://agents.staging.example.com/v1/acp')));
    await screen.findByRole('region', { name: 'Diagnosis report' });
    expect(screen.queryByTestId('diagnose-live')).toBeNull();
  });

  it('the palette runs Diagnose for the selected endpoint, on its page, and the run survives leaving the page', async () => {
    const answer = deferred<IpcResult<ProbeReport>>();
    const { bridge, store } = renderApp({
      selectedId: 'staging',
      handlers: { 'endpoints:diagnose': () => answer.promise },
    });
    await screen.findByTestId('endpoint-details');
    fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    fireEvent.change(await screen.findByTestId('palette-input'), { target: { value: 'diagnose' } });
    const item = screen.getAllByTestId('palette-item').find((el) => el.dataset.actionId === 'diagnose-endpoint')!;
    fireEvent.click(item);
    expect(bridge.fake.callsTo('endpoints:diagnose')).toEqual([{ id: 'staging' }]);
    expect(await screen.findByTestId('diagnose-running')).toBeTruthy();
    // The run lives in the store, not in the panel: showing another view and coming back keeps it.
    act(() => store.commands.showView({ kind: 'history' }));
    act(() => store.commands.showView({ kind: 'endpoint', endpointId: 'staging', mode: 'view' }));
    await screen.findByTestId('diagnose-running');
    answer.resolve(ok(sampleProbeReport('https://agents.staging.example.com/v1/acp')));
    await screen.findByRole('region', { name: 'Diagnosis report' });
  });

  it('says what the agent changed since the last connect, in the report and its Markdown', async () => {
    const report = {
      ...sampleProbeReport('https://agents.staging.example.com/v1/acp'),
      drift: {
        since: Date.UTC(2026, 11, 1),
        added: ['sessionCapabilities.fork'],
        removed: [],
        agentVersion: { from: '1.0.0', to: '1.1.0' },
        authAdded: [],
        authRemoved: [],
      },
    };
    const writes: string[] = [];
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: async (t: string) => void writes.push(t) } });
    renderApp({ selectedId: 'staging', handlers: { 'endpoints:diagnose': () => ok(report) } });
    fireEvent.click(await screen.findByRole('button', { name: 'Diagnose' }));
    const drift = await screen.findByTestId('diagnose-drift');
    expect(
      within(drift)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Agent version 1.0.0 → 1.1.0', 'New: sessionCapabilities.fork']);
    fireEvent.click(screen.getByTestId('diagnose-copy'));
    await waitFor(() => expect(writes[0]).toContain('## Changed since the last connect'));
    expect(writes[0]).toContain('- New: sessionCapabilities.fork');
  });

  it('runs in the endpoint editor too, on the saved settings, without saving or leaving the form', async () => {
    const { bridge, store } = renderApp({
      selectedId: 'staging',
      handlers: { 'endpoints:diagnose': () => ok(sampleProbeReport('https://agents.staging.example.com/v1/acp')) },
    });
    await screen.findByTestId('endpoint-details');
    act(() => store.commands.showView({ kind: 'endpoint', endpointId: 'staging', mode: 'edit' }));
    const editor = await screen.findByTestId('endpoint-editor');
    expect(within(editor).getByText(/runs on the saved settings/)).toBeTruthy();
    fireEvent.click(within(editor).getByRole('button', { name: 'Diagnose' }));
    await within(editor).findByRole('region', { name: 'Diagnosis report' });
    expect(bridge.fake.callsTo('endpoints:diagnose')).toEqual([{ id: 'staging' }]);
    expect(bridge.fake.callsTo('endpoints:save')).toEqual([]);
    expect(screen.getByTestId('endpoint-editor')).toBe(editor);
    cleanup();
    const fresh = renderApp({ selectedId: 'staging' });
    await screen.findByTestId('endpoint-details');
    act(() => fresh.store.commands.showView({ kind: 'endpoint', endpointId: null, mode: 'new' }));
    const blank = await screen.findByTestId('endpoint-editor');
    expect(within(blank).queryByRole('button', { name: 'Diagnose' })).toBeNull();
  });

  it('highlights the failing step with its fix and moves focus to it', async () => {
    renderApp({
      selectedId: 'staging',
      handlers: { 'endpoints:diagnose': () => ok(unreachableProbeReport('http://127.0.0.1:9/acp')) },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Diagnose' }));

    const report = await screen.findByRole('region', { name: 'Diagnosis report' });
    expect(within(report).getByTestId('diagnose-outcome').dataset.status).toBe('unreachable');
    expect(within(report).getByText('The endpoint is unreachable')).toBeTruthy();
    const failing = report.querySelectorAll<HTMLElement>('[data-verdict="fail"]');
    expect(failing).toHaveLength(1);
    expect(failing[0]!.dataset.stepId).toBe('tcp');
    expect(within(failing[0]!).getByTestId('diagnose-verdict').textContent).toBe('FAIL');
    expect(within(failing[0]!).getByTestId('diagnose-fix').textContent).toContain(
      'Start the agent, or check the host and port in the URL.',
    );
    await waitFor(() => expect(document.activeElement).toBe(failing[0]));
  });

  it('Copy as Markdown puts the report on the clipboard', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    renderApp({
      selectedId: 'staging',
      handlers: { 'endpoints:diagnose': () => ok(unreachableProbeReport('http://127.0.0.1:9/acp')) },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Diagnose' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Copy as Markdown' }));

    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    const text = writeText.mock.calls[0]![0];
    expect(text).toContain('# ACP probe: http://127.0.0.1:9/acp');
    expect(text).toContain('| FAIL | TCP connect |');
    expect(text).toContain('Start the agent, or check the host and port in the URL.');
    expect(await screen.findByText('Report copied as Markdown.')).toBeTruthy();
  });

  it('Save as JSON downloads the report', async () => {
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:report');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderApp({ selectedId: 'staging' });
    fireEvent.click(await screen.findByRole('button', { name: 'Diagnose' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Save as JSON' }));

    expect(click).toHaveBeenCalledTimes(1);
    const blob = createObjectURL.mock.calls[0]![0];
    expect(blob.type).toBe('application/json');
    expect(JSON.parse(await blob.text())).toEqual(sampleProbeReport('https://agents.staging.example.com/v1/acp'));
    click.mockRestore();
  });

  it('says what went wrong when the host cannot run it', async () => {
    renderApp({
      selectedId: 'staging',
      handlers: { 'endpoints:diagnose': () => ({ ok: false, error: { code: 'internal', message: 'Boom.' } }) },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Diagnose' }));
    expect((await screen.findByTestId('diagnose-error')).textContent).toContain('Boom.');
  });
});

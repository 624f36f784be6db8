import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flush, renderShell } from '../shell-harness';
import { Recorder, req } from '../../unit/traffic/records';

const writeText = vi.fn(async (_text: string) => {});

beforeEach(() => {
  writeText.mockClear();
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function openWith(build: (rec: Recorder) => void) {
  const r = renderShell();
  fireEvent.click(await screen.findByTestId('traffic-open'));
  await waitFor(() => expect(r.bridge.fake.traffic.subscriptions.size).toBe(1));
  await flush();
  const rec = new Recorder();
  build(rec);
  act(() => {
    r.bridge.fake.traffic.push('demo', rec.records);
  });
  await waitFor(() => expect(screen.getAllByTestId('traffic-row')).toHaveLength(rec.records.length));
  return r;
}

const prompt = req(3, 'session/prompt', { sessionId: 's1', prompt: [{ type: 'text', text: 'hi' }] });

function post(rec: Recorder) {
  rec.out(prompt);
  rec.add({
    kind: 'http',
    method: 'POST',
    url: 'https://agent.example.com/acp',
    lane: 'session:s1',
    status: 202,
    httpVersion: '1.1',
    requestHeaders: { authorization: '[redacted]', 'content-type': 'application/json' },
    responseHeaders: { 'content-length': '0' },
    requestBytes: JSON.stringify(prompt).length,
    ttfbMs: 8,
    durationMs: 12,
  });
}

describe('traffic detail', () => {
  it('shows an HTTP POST: request line, status, version, redacted headers; copies it as curl', async () => {
    await openWith(post);
    fireEvent.click(screen.getAllByTestId('traffic-row')[1]!);
    const http = within(screen.getByTestId('traffic-detail')).getByTestId('traffic-http');
    expect(http.textContent).toContain('POST https://agent.example.com/acp HTTP/1.1');
    expect(http.textContent).toContain('202');
    expect(http.textContent).toContain('authorization[redacted]');
    expect(http.textContent).toContain('content-length0');
    fireEvent.click(screen.getByRole('button', { name: 'Copy as curl' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    const curl = writeText.mock.calls[0]![0];
    expect(curl).toContain("-H 'authorization: [redacted]'");
    expect(curl).toContain('"session/prompt"');
    expect(curl).toContain("'https://agent.example.com/acp'");
  });

  it('the JSON tree copies the selected value and its path; a message copies as JSON', async () => {
    await openWith((rec) => rec.out(prompt));
    fireEvent.click(screen.getAllByTestId('traffic-row')[0]!);
    const detail = screen.getByTestId('traffic-detail');
    fireEvent.click(within(detail).getByRole('button', { name: 'Select params.prompt' }));
    expect(within(detail).getByTestId('traffic-json-path').textContent).toBe('params.prompt');
    fireEvent.click(within(detail).getByRole('button', { name: 'Copy path' }));
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith('params.prompt'));
    fireEvent.click(within(detail).getByRole('button', { name: 'Copy value' }));
    await waitFor(() => expect(JSON.parse(writeText.mock.lastCall![0])).toEqual([{ type: 'text', text: 'hi' }]));
    fireEvent.click(within(detail).getByRole('button', { name: 'Copy as JSON' }));
    await waitFor(() => expect(JSON.parse(writeText.mock.lastCall![0])).toEqual(prompt));
  });
});

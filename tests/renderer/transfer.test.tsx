import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleEndpoints } from '../../src/renderer/bridge/fake-data';
import { exportFile, parseImport } from '../../src/renderer/state/endpoint-transfer';
import type { EndpointDraft } from '../../src/shared/domain/endpoint';
import { renderApp } from './render-app';

let downloads: { name: string; blob: Blob }[] = [];

beforeEach(() => {
  downloads = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, blob: blobs.get(this.href)! });
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function exportFromApp(): Promise<string> {
  renderApp();
  await waitFor(() => expect(screen.getAllByTestId('endpoint-item')).toHaveLength(3));
  fireEvent.click(screen.getByTestId('endpoints-export'));
  expect(downloads).toHaveLength(1);
  expect(downloads[0]!.name).toMatch(/^acp-desk-endpoints-\d{4}-\d{2}-\d{2}\.json$/);
  const text = await downloads[0]!.blob.text();
  cleanup();
  return text;
}

function importFile(text: string) {
  const input = screen.getByTestId('endpoints-import-file');
  fireEvent.change(input, { target: { files: [new File([text], 'endpoints.json', { type: 'application/json' })] } });
}

describe('endpoint import and export', () => {
  it('exports names, URLs and plain headers; secret headers go out as names only', async () => {
    const text = await exportFromApp();
    const file = JSON.parse(text);

    expect(file.format).toBe('acp-desk.endpoints');
    expect(file.endpoints.map((e: { name: string }) => e.name)).toEqual(['Staging coder', 'WebSocket lab']); // no built-in demo
    expect(file.endpoints[0].headers).toEqual([
      { name: 'Authorization', secret: true },
      { name: 'X-Team', value: 'platform' },
    ]);
    expect(text).not.toMatch(/"hasValue"|Bearer/);
  });

  it('round-trips: an export imports into an empty app, secret headers waiting for a value', async () => {
    const text = await exportFromApp();
    const { bridge } = renderApp({ endpoints: [], selectedId: null });
    await screen.findByText('No endpoints yet');

    importFile(text);

    const report = await screen.findByTestId('import-report');
    await waitFor(() => expect(report.textContent).toContain('Imported 2 endpoints.'));
    const drafts = (bridge.fake.callsTo('endpoints:save') as { draft: EndpointDraft }[]).map((c) => c.draft);
    expect(drafts.map((d) => d.name)).toEqual(['Staging coder', 'WebSocket lab']);
    expect(drafts[0]).toMatchObject({
      url: 'https://agents.staging.example.com/v1/acp',
      transport: 'http',
      cwd: '/srv/workspace',
      idleTimeoutSec: 120,
      headers: [
        { name: 'Authorization', secret: true },
        { name: 'X-Team', value: 'platform', secret: false },
      ],
    });
    await waitFor(() => expect(screen.getAllByTestId('endpoint-item')).toHaveLength(2));
  });

  it('says which entries it skipped and why', async () => {
    renderApp();
    await waitFor(() => expect(screen.getAllByTestId('endpoint-item')).toHaveLength(3));
    const file = {
      endpoints: [
        { name: 'Staging coder', url: 'https://agents.staging.example.com/v1/acp', transport: 'http' },
        { name: 'Broken', url: 'ftp://nope' },
        { name: 'New one', url: 'https://new.example.com/acp', headers: [{ name: 'Cookie', value: 'x' }] },
        'not an object',
        { name: 'Good', url: 'https://good.example.com/acp' },
      ],
    };

    importFile(JSON.stringify(file));

    const report = await screen.findByTestId('import-report');
    await waitFor(() => expect(report.textContent).toContain('Imported 1 endpoint, skipped 4.'));
    const text = report.textContent ?? '';
    expect(text).toContain('Staging coder: An endpoint with this name and URL is already saved.');
    expect(text).toContain('Broken: Unsupported scheme "ftp:". Use http, https, ws or wss.');
    expect(text).toContain('New one: This header is set by ACP Desk itself (header 1, name).');
    expect(text).not.toMatch(/\(url\)|headers\.0/);
    expect(text).toContain('Entry 4: Not an endpoint object.');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss the import report' }));
    expect(screen.queryByTestId('import-report')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('endpoints-import'));
  });

  it('rejects a file that is not an export', () => {
    expect(parseImport('{nope', []).fileError).toMatch(/not JSON/);
    expect(parseImport('{"something": 1}', []).fileError).toMatch(/no "endpoints" list/);
    expect(parseImport('[]', []).drafts).toEqual([]);
  });

  it('never writes a secret value, even when a saved view carried one by mistake', () => {
    const [, staging] = sampleEndpoints();
    const leaky = {
      ...staging!,
      headers: [{ name: 'Authorization', secret: true, hasValue: true, value: 'Bearer leak' }],
    };
    const file = exportFile([leaky], new Date('2025-03-04T05:06:07Z'));
    expect(file.fileName).toBe('acp-desk-endpoints-2025-03-04.json');
    expect(file.content).not.toContain('Bearer leak');
  });
});

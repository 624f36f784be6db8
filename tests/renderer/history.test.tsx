import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SearchHit } from '../../src/shared/domain/history';
import { ok } from '../../src/shared/util/result';
import { NOW, renderShell } from './shell-harness';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const HITS: SearchHit[] = [
  {
    sessionId: 's-new',
    endpointId: 'demo',
    title: null,
    entryId: 'e3',
    kind: 'agent',
    excerpt: '…the Greeting module exports greet() and a greeting constant…',
    at: NOW - 30_000,
  },
];

async function openHistory(options: Parameters<typeof renderShell>[0] = {}) {
  const rendered = renderShell({ handlers: { 'sessions:search': () => ok(HITS), ...options.handlers }, ...options });
  fireEvent.click(await screen.findByTestId('history-link'));
  return { ...rendered, view: await screen.findByTestId('history-view') };
}

describe('history', () => {
  it('lists past sessions grouped by endpoint, read-only ones with their reason', async () => {
    const { view } = await openHistory();
    await waitFor(() => expect(within(view).getAllByTestId('history-session')).toHaveLength(3));

    const groups = within(view).getAllByRole('region');
    expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual([
      'Sessions on Local demo agent',
      'Sessions on Staging coder',
    ]);
    expect(
      within(groups[0]!)
        .getAllByTestId('history-session')
        .map((el) => el.dataset.sessionId),
    ).toEqual(['s-new', 's-old']);
    expect(within(groups[1]!).getByText(/Read-only: The agent cannot load past sessions/)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId('history-search'));
  });

  it('reopens a session from the list', async () => {
    const { view, bridge } = await openHistory();
    const row = (await within(view).findAllByTestId('history-session')).find((el) => el.dataset.sessionId === 's-old')!;
    fireEvent.click(row);
    expect(await screen.findByTestId('chat-view')).toBeTruthy();
    expect(bridge.fake.callsTo('sessions:open')).toEqual([{ sessionId: 's-old' }]);
  });

  it('searches once typing pauses, shows hits with the match highlighted, and opens one', async () => {
    const { bridge } = await openHistory();
    const box = screen.getByTestId('history-search');

    fireEvent.change(box, { target: { value: 'gr' } });
    fireEvent.change(box, { target: { value: 'greet' } });
    fireEvent.change(box, { target: { value: 'greeting' } });
    expect(bridge.fake.callsTo('sessions:search')).toEqual([]);

    const hit = await screen.findByTestId('search-hit');
    expect(bridge.fake.callsTo('sessions:search')).toEqual([{ query: 'greeting' }]);
    const group = screen.getByRole('listitem', { name: 'Explain the greeting module' }); // title from the session list
    expect(group.textContent).toContain('Local demo agent');
    expect(within(group).getAllByTestId('search-hit')).toEqual([hit]);
    expect(hit.textContent).toContain('Agent');
    const marks = hit.querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['Greeting', 'greeting']);
    expect(hit.innerHTML).not.toContain('<b>');

    fireEvent.click(hit);
    expect(await screen.findByTestId('chat-view')).toBeTruthy();
    expect(bridge.fake.callsTo('sessions:open')).toEqual([{ sessionId: 's-new' }]);
  });

  it('says when nothing matches; the list of sessions stays below the results', async () => {
    const { view } = await openHistory({ handlers: { 'sessions:search': () => ok([]) } });
    const box = screen.getByTestId('history-search');
    fireEvent.change(box, { target: { value: 'nothing like this' } });
    expect(await within(view).findByText('No transcript mentions “nothing like this”.')).toBeTruthy();
    expect(within(view).getAllByTestId('history-session')).toHaveLength(3);
    fireEvent.change(box, { target: { value: '' } });
    expect(within(view).queryByRole('region', { name: 'Search results' })).toBeNull();
  });

  it('exports a session as a Markdown download', async () => {
    let saved: { name: string; blob: Blob } | null = null;
    let blob: Blob | null = null;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => ((blob = b as Blob), 'blob:test'));
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved = { name: this.download, blob: blob! };
    });
    const { view, bridge } = await openHistory({
      handlers: {
        'sessions:export': ({ format }) =>
          ok({
            fileName: `greeting.${format === 'markdown' ? 'md' : 'json'}`,
            mimeType: 'text/markdown',
            content: '# Explain the greeting module\n',
          }),
      },
    });
    const row = (await within(view).findAllByTestId('history-session')).find((el) => el.dataset.sessionId === 's-new')!;
    fireEvent.click(within(row.closest('li')!).getByTestId('export-markdown-history'));

    await waitFor(() => expect(saved).not.toBeNull());
    expect(bridge.fake.callsTo('sessions:export')).toEqual([{ sessionId: 's-new', format: 'markdown' }]);
    expect(saved!.name).toBe('greeting.md');
    expect(await saved!.blob.text()).toBe('# Explain the greeting module\n');
  });
});

import { describe, expect, it } from 'vitest';
import { endpointStatusView } from '../../src/renderer/features/endpoints/status-view';
import { visibleSessions } from '../../src/renderer/features/endpoints/EndpointList';
import {
  draftFromForm,
  formFieldErrors,
  formFromEndpoint,
  liveErrors,
  urlWarning,
} from '../../src/renderer/features/endpoints/editor/form-model';
import { highlightParts } from '../../src/renderer/features/history/highlight';
import { historyGroups } from '../../src/renderer/features/history/history-groups';
import { fuzzyFilter, fuzzyScore } from '../../src/renderer/features/navigation/fuzzy';
import { relativeTime } from '../../src/renderer/features/navigation/relative-time';
import { orderedSessionIds, stepSessionId } from '../../src/renderer/features/navigation/session-order';
import { matchShortcut, shortcutLabels } from '../../src/renderer/features/navigation/shortcuts';
import { sampleEndpoints } from '../../src/renderer/bridge/fake-data';
import { checkDraft, fieldErrorsFromIpc } from '../../src/renderer/state/field-errors';
import { NOW, summary } from './shell-harness';

const key = (
  k: string,
  mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean; code: string }> = {},
) => ({
  key: k,
  code: mods.code ?? '',
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
});

describe('shortcuts', () => {
  it('matches Ctrl or ⌘ combinations and leaves plain keys alone', () => {
    expect(matchShortcut(key('k', { ctrl: true }))).toBe('palette');
    expect(matchShortcut(key('K', { meta: true }))).toBe('palette');
    expect(matchShortcut(key('k'))).toBeNull();
    expect(matchShortcut(key('k', { ctrl: true, shift: true }))).toBeNull();
    expect(matchShortcut(key('n', { ctrl: true }))).toBe('newSession');
    expect(matchShortcut(key('}', { ctrl: true, shift: true, code: 'BracketRight' }))).toBe('nextSession');
    expect(matchShortcut(key('{', { meta: true, shift: true, code: 'BracketLeft' }))).toBe('prevSession');
    expect(matchShortcut(key('ArrowDown', { alt: true }))).toBe('nextSession');
    expect(matchShortcut(key('ArrowUp', { alt: true }))).toBe('prevSession');
    expect(matchShortcut(key('ArrowUp'))).toBeNull();
    expect(matchShortcut(key('l', { ctrl: true }))).toBe('focusComposer');
    expect(matchShortcut(key('b', { ctrl: true }))).toBe('toggleSidePanel');
    expect(matchShortcut(key('H', { ctrl: true, shift: true }))).toBe('history');
    expect(matchShortcut(key('h', { ctrl: true }))).toBeNull();
  });

  it('writes shortcuts the way each platform does', () => {
    expect(shortcutLabels('nextSession', false)).toEqual(['Ctrl+Shift+]', 'Alt+↓']);
    expect(shortcutLabels('palette', true)).toEqual(['⌘K']);
    expect(shortcutLabels('history', true)).toEqual(['⌘⇧H']);
  });
});

describe('fuzzy filter', () => {
  const items = ['New session', 'Next session', 'Show history', 'Search transcripts', 'Theme: dark'];
  it('puts substrings at word starts first, then letters in order', () => {
    expect(fuzzyFilter(items, 'history', (s) => s)).toEqual(['Show history']);
    expect(fuzzyFilter(items, 'ses', (s) => s).slice(0, 2)).toEqual(['New session', 'Next session']);
    expect(fuzzyFilter(items, 'nxt ses', (s) => s)[0]).toBe('Next session');
    expect(fuzzyFilter(items, 'thm drk', (s) => s)).toEqual(['Theme: dark']);
    expect(fuzzyFilter(items, '', (s) => s)).toEqual(items);
    expect(fuzzyScore('zz', 'Theme: dark')).toBeNull();
  });

  it('never combines letters across words', () => {
    expect(fuzzyScore('test', 'Theme: system')).toBeNull();
    expect(fuzzyScore('test', 'Test connection Local demo agent')).not.toBeNull();
    expect(fuzzyScore('story', 'Show history')).not.toBeNull();
    expect(fuzzyScore('parser refactor', 'Open session: Refactor the parser')).not.toBeNull();
  });
});

describe('session order', () => {
  const summaries = [
    summary({ sessionId: 'a', endpointId: 'staging', lastActivity: NOW - 10 }),
    summary({ sessionId: 'b', endpointId: 'demo', lastActivity: NOW - 50 }),
    summary({ sessionId: 'c', endpointId: 'demo', lastActivity: NOW - 5 }),
    summary({ sessionId: 'd', endpointId: 'gone', endpointName: 'Removed', lastActivity: NOW }),
  ];
  it('groups by endpoint in list order, newest first, removed endpoints last', () => {
    const ids = orderedSessionIds([{ id: 'demo' }, { id: 'staging' }], summaries);
    expect(ids).toEqual(['c', 'b', 'a', 'd']);
    expect(stepSessionId(ids, null, 1)).toBe('c');
    expect(stepSessionId(ids, null, -1)).toBe('d');
    expect(stepSessionId(ids, 'd', 1)).toBe('c');
    expect(stepSessionId(ids, 'c', -1)).toBe('d');
    expect(stepSessionId([], null, 1)).toBeNull();
    expect(
      historyGroups([{ id: 'demo', name: 'Demo' }], summaries).map((g) => [g.name, g.removed, g.sessions.length]),
    ).toEqual([
      ['Demo', false, 2],
      ['Removed', true, 1], // removed endpoints: the most recently active first
      ['Local demo agent', true, 1],
    ]);
  });

  it('keeps the active session visible when the list is cut', () => {
    const list = Array.from({ length: 9 }, (_, i) => summary({ sessionId: `s${i}` }));
    expect(visibleSessions(list, false, null).hidden).toBe(4);
    const withActive = visibleSessions(list, false, 's8');
    expect(withActive.shown.map((s) => s.sessionId)).toEqual(['s0', 's1', 's2', 's3', 's4', 's8']);
    expect(withActive.hidden).toBe(3);
    expect(visibleSessions(list.slice(0, 6), false, null).hidden).toBe(0); // never "Show 1 more"
  });
});

describe('text helpers', () => {
  it('says how long ago', () => {
    expect(relativeTime(NOW - 5_000, NOW)).toBe('just now');
    expect(relativeTime(NOW - 5 * 60_000, NOW)).toBe('5 min ago');
    expect(relativeTime(NOW - 3 * 3600_000, NOW)).toBe('3 h ago');
    expect(relativeTime(NOW - 30 * 3600_000, NOW)).toBe('yesterday');
    expect(relativeTime(NOW - 4 * 86_400_000, NOW)).toBe('4 d ago');
  });

  it('highlights the query the way the host matches it', () => {
    expect(highlightParts('Say hello   world, HELLO world', 'hello world')).toEqual([
      { text: 'Say ', match: false },
      { text: 'hello   world', match: true },
      { text: ', ', match: false },
      { text: 'HELLO world', match: true },
    ]);
    expect(highlightParts('a (b) c', '(b)')).toEqual([
      { text: 'a ', match: false },
      { text: '(b)', match: true },
      { text: ' c', match: false },
    ]);
    expect(highlightParts('text', '  ')).toEqual([{ text: 'text', match: false }]);
  });

  it('describes endpoint statuses', () => {
    expect(endpointStatusView(undefined).label).toBe('Not connected');
    expect(endpointStatusView({ endpointId: 'x', state: 'reconnecting', attempt: 2 }).label).toBe(
      'Reconnecting (attempt 2)',
    );
    expect(endpointStatusView({ endpointId: 'x', state: 'failed', detail: 'boom' })).toMatchObject({
      label: 'Failed',
      detail: 'Boom.',
    });
    expect(endpointStatusView({ endpointId: 'x', state: 'closed' }).label).toBe('Disconnected');
  });
});

describe('endpoint form', () => {
  const staging = sampleEndpoints()[1]!;

  it('turns a saved endpoint into a form and back into the same draft, secrets left out', () => {
    const form = formFromEndpoint(staging);
    expect(form.headers.map((h) => [h.name, h.value, h.secret, h.storedName])).toEqual([
      ['Authorization', '', true, 'Authorization'],
      ['X-Team', 'platform', false, null],
    ]);
    expect(draftFromForm(form).draft).toEqual({
      name: 'Staging coder',
      url: 'https://agents.staging.example.com/v1/acp',
      transport: 'http',
      headers: [
        { name: 'Authorization', secret: true },
        { name: 'X-Team', value: 'platform', secret: false },
      ],
      cwd: '/srv/workspace',
      notes: 'Shared staging agent. Resets nightly.',
      idleTimeoutSec: 120,
    });
  });

  it('drops blank header rows and maps draft paths back to rows', () => {
    const form = formFromEndpoint(staging);
    const blank = { key: 999, name: '', value: '', secret: false, storedName: null, replacing: false };
    const { draft, headerKeys } = draftFromForm({ ...form, headers: [blank, ...form.headers] });
    expect(draft.headers).toHaveLength(2);
    expect(formFieldErrors({ 'headers.1.value': 'Bad', url: 'Not a URL' }, headerKeys)).toEqual({
      [`header.${form.headers[1]!.key}.value`]: 'Bad',
      url: 'Not a URL',
    });
  });

  it('validates as you type with the shared schema messages', () => {
    const form = { ...formFromEndpoint(null), url: 'ws://x y', idleTimeout: '2' };
    const errors = liveErrors(form, new Set(['name']));
    expect(errors.name).toBe('Give the endpoint a name');
    expect(errors.url).toMatch(/Not a URL/);
    expect(errors.idleTimeoutSec).toMatch(/5 to 3600/);
    expect(urlWarning('ws://10.0.0.2/acp')).toMatch(/not encrypted/);
    expect(urlWarning('wss://10.0.0.2/acp')).toBeNull();
    expect(urlWarning('http://[::1]:9/acp')).toBeNull();
  });

  it('reads field errors from the host’s validation issues', () => {
    expect(
      fieldErrorsFromIpc({
        code: 'invalid_request',
        message: 'x',
        details: [
          { path: 'draft.url', message: 'Remove the #fragment from the URL.' },
          { path: 'draft.url', message: 'second' },
          { path: 'id', message: 'ignored' },
        ],
      }),
    ).toEqual({ url: 'Remove the #fragment from the URL.' });
    expect(
      fieldErrorsFromIpc({ code: 'internal', message: 'x', details: [{ path: 'draft.url', message: 'm' }] }),
    ).toEqual({});
    expect(checkDraft({ name: ' ', url: 'https://a.example/acp' })).toEqual({ name: 'Give the endpoint a name' });
  });
});

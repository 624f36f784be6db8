import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../src/shared/domain/session';
import type { ElicitationRequest } from '../../../src/shared/elicitation/schema';
import { ok } from '../../../src/shared/util/result';
import { SID, flush, fold, renderChat, u } from './chat-harness';

afterEach(cleanup);

const FORM: ElicitationRequest = {
  sessionId: SID,
  mode: 'form',
  message: 'Tell me about the release',
  requestedSchema: {
    type: 'object',
    title: 'Release details',
    properties: {
      name: { type: 'string', title: 'Release name', description: 'Shown in the changelog' },
      email: { type: 'string', format: 'email', title: 'Contact' },
      site: { type: 'string', format: 'uri', title: 'Site' },
      day: { type: 'string', format: 'date', title: 'Day' },
      count: { type: 'integer', title: 'Copies', minimum: 1, maximum: 10 },
      ratio: { type: 'number', title: 'Ratio' },
      draft: { type: 'boolean', title: 'Draft', default: true },
      branch: {
        type: 'string',
        title: 'Branch',
        oneOf: [
          { const: 'main', title: 'Main branch' },
          { const: 'dev', title: 'Development' },
        ],
      },
      targets: {
        type: 'array',
        title: 'Targets',
        items: { type: 'string', enum: ['linux', 'mac', 'windows'] },
        maxItems: 2,
      },
    },
    required: ['name', 'count', 'branch'],
  },
};

const asked = (request: ElicitationRequest, requestId = 'el-1'): SessionEvent => ({
  type: 'elicitation_requested',
  requestId,
  request,
});

function renderAsked(request: ElicitationRequest = FORM) {
  return renderChat(fold(asked(request)), {
    handlers: { 'sessions:resolveElicitation': () => ok(null) },
  });
}

const URL_REQUEST = (url: string): ElicitationRequest => ({
  sessionId: SID,
  mode: 'url',
  message: 'Sign in to continue',
  elicitationId: 'login-1',
  url,
});

describe('form elicitation', () => {
  it('renders one labelled control per field type, required ones marked', () => {
    renderAsked();
    const card = screen.getByRole('region', { name: 'The agent asks: Tell me about the release' });
    expect(card.dataset.state).toBe('asking');
    expect(within(card).getByText('Release details')).toBeTruthy();
    const name = within(card).getByRole('textbox', { name: 'Release name' });
    expect(name.getAttribute('aria-required')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby')!)?.textContent).toBe('Shown in the changelog');
    expect(within(card).getByRole('textbox', { name: 'Contact (optional)' }).getAttribute('type')).toBe('email');
    expect(within(card).getByRole('textbox', { name: 'Site (optional)' }).getAttribute('type')).toBe('url');
    expect(within(card).getByLabelText(/^Day/).getAttribute('type')).toBe('date');
    const copies = within(card).getByRole('spinbutton', { name: 'Copies' });
    expect([copies.getAttribute('min'), copies.getAttribute('max'), copies.getAttribute('step')]).toEqual([
      '1',
      '10',
      '1',
    ]);
    expect(within(card).getByRole('spinbutton', { name: 'Ratio (optional)' })).toBeTruthy();
    expect((within(card).getByRole('checkbox', { name: 'Draft' }) as HTMLInputElement).checked).toBe(true);
    const branch = within(card).getByRole('combobox', { name: 'Branch' });
    expect(
      within(branch)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Choose…', 'Main branch', 'Development']);
    const targets = within(card).getByRole('group', { name: 'Targets (optional)' });
    expect(
      within(targets)
        .getAllByRole('checkbox')
        .map((c) => c.parentElement?.textContent),
    ).toEqual(['linux', 'mac', 'windows']);
    expect(screen.getAllByTestId('elicitation-field').map((f) => f.dataset.kind)).toEqual([
      'text',
      'email',
      'uri',
      'date',
      'integer',
      'number',
      'boolean',
      'select',
      'multi',
    ]);
  });

  it('focuses the first control when it appears', () => {
    renderAsked();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Release name' }));
  });

  it('shows the errors of required fields left empty, focuses the first, and sends nothing', async () => {
    const { bridge } = renderAsked();
    fireEvent.change(screen.getByRole('textbox', { name: 'Release name' }), { target: { value: 'v1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await flush();
    const copies = screen.getByRole('spinbutton', { name: 'Copies' });
    expect(document.activeElement).toBe(copies);
    expect(copies.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(copies.getAttribute('aria-describedby')!)?.textContent).toBe('Fill in this field.');
    const branch = screen.getByRole('combobox', { name: 'Branch' });
    expect(document.getElementById(branch.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Choose one of the options.',
    );
    expect(screen.getByRole('alert').textContent).toBe('2 fields need attention.');
    expect(bridge.fake.callsTo('sessions:resolveElicitation')).toEqual([]);
  });

  it('says what is wrong with a value in a sentence', async () => {
    renderAsked();
    fireEvent.change(screen.getByRole('textbox', { name: 'Release name' }), { target: { value: 'v1' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Copies' }), { target: { value: '12' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Branch' }), { target: { value: 'main' } });
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await flush();
    expect(screen.getAllByTestId('elicitation-field-error').map((e) => e.textContent)).toEqual([
      'Enter a whole number of at most 10.',
    ]);
    expect(screen.getByRole('alert').textContent).toBe('One field needs attention.');
  });

  it('Accept sends the typed content: numbers as numbers, flags as flags, choices as lists', async () => {
    const { bridge } = renderAsked();
    fireEvent.change(screen.getByRole('textbox', { name: 'Release name' }), { target: { value: 'Spring' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Contact (optional)' }), {
      target: { value: 'ada@example.com' },
    });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Copies' }), { target: { value: '3' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Ratio (optional)' }), { target: { value: '0.25' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Draft' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Branch' }), { target: { value: 'dev' } });
    const targets = screen.getByRole('group', { name: 'Targets (optional)' });
    fireEvent.click(within(targets).getByRole('checkbox', { name: 'linux' }));
    fireEvent.click(within(targets).getByRole('checkbox', { name: 'windows' }));
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await flush();
    expect(bridge.fake.callsTo('sessions:resolveElicitation')).toEqual([
      {
        sessionId: SID,
        requestId: 'el-1',
        answer: {
          action: 'accept',
          content: {
            name: 'Spring',
            email: 'ada@example.com',
            count: 3,
            ratio: 0.25,
            draft: false,
            branch: 'dev',
            targets: ['linux', 'windows'],
          },
        },
      },
    ]);
  });

  it.each([
    ['Decline', 'decline'],
    ['Cancel', 'cancel'],
  ])('%s sends no content, even with fields filled in', async (button, action) => {
    const { bridge } = renderAsked();
    fireEvent.change(screen.getByRole('textbox', { name: 'Release name' }), { target: { value: 'secret' } });
    fireEvent.click(screen.getByRole('button', { name: button }));
    await flush();
    expect(bridge.fake.callsTo('sessions:resolveElicitation')).toEqual([
      { sessionId: SID, requestId: 'el-1', answer: { action } },
    ]);
  });

  it('shows no error before the first Accept, also for fields named like Object.prototype members', () => {
    renderAsked({
      ...FORM,
      requestedSchema: {
        properties: { toString: { type: 'string' as const }, constructor: { type: 'number' as const } },
      },
    });
    expect(screen.queryAllByTestId('elicitation-field-error')).toEqual([]);
    expect(screen.getByRole('textbox', { name: 'toString (optional)' }).getAttribute('aria-invalid')).toBeNull();
  });

  it('sits in its tool call card when it names one', () => {
    const toolCall = u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Deploy', status: 'in_progress' });
    renderChat(fold(toolCall, asked({ ...FORM, toolCallId: 'c1' })));
    expect(within(screen.getByTestId('tool-call')).getByTestId('elicitation')).toBeTruthy();
  });
});

describe('URL elicitation', () => {
  it('shows the origin and the full address, and opening it is the accept', async () => {
    const url = 'https://auth.example.com/device?code=ABCD-1234';
    const { bridge, push } = renderAsked(URL_REQUEST(url));
    expect(screen.getByTestId('elicitation-origin').textContent).toBe(
      'A page on auth.example.com (https://auth.example.com)',
    );
    expect(screen.getByTestId('elicitation-url').textContent).toBe(url);
    const open = screen.getByRole('link', { name: 'Open auth.example.com' });
    expect(open.getAttribute('href')).toBe(url);
    expect(open.getAttribute('rel')).toContain('noopener');
    // happy-dom would really fetch the page; the app's window-open handler is not under test here.
    open.addEventListener('click', (e) => e.preventDefault());
    fireEvent.click(open);
    await flush();
    expect(bridge.fake.callsTo('sessions:resolveElicitation')).toEqual([
      { sessionId: SID, requestId: 'el-1', answer: { action: 'accept' } },
    ]);
    push({ type: 'elicitation_resolved', requestId: 'el-1', action: 'accept', by: 'user' });
    expect(screen.getByTestId('elicitation').dataset.state).toBe('waiting');
    expect(screen.getByTestId('elicitation-waiting').textContent).toContain('Waiting for the agent');
    push({ type: 'elicitation_completed', elicitationId: 'login-1' });
    await waitFor(() => expect(screen.queryByTestId('elicitation')).toBeNull());
    expect(screen.getByTestId('elicitation-outcome').textContent).toContain('Asked: Sign in to continue — Opened');
  });

  it.each([
    [
      'http to another machine',
      'http://auth.example.com/login',
      'A page on auth.example.com (http://auth.example.com)',
    ],
    [
      'https with credentials',
      'https://user:pw@auth.example.com/',
      'A page on auth.example.com (https://auth.example.com)',
    ],
    ['javascript:', 'javascript:alert(1)', 'Not a web page: a javascript: address'],
  ])('a refused address (%s) cannot be opened, only declined or cancelled', async (_name, url, origin) => {
    const { bridge } = renderAsked(URL_REQUEST(url));
    expect(screen.getByTestId('elicitation-origin').textContent).toBe(origin);
    expect(screen.getByTestId('elicitation-url').textContent).toBe(url);
    expect(screen.getByTestId('elicitation-url-refused')).toBeTruthy();
    expect(screen.queryByTestId('elicitation-open')).toBeNull();
    expect(screen.getByTestId('elicitation').querySelector('a[href]')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    await flush();
    expect(bridge.fake.callsTo('sessions:resolveElicitation')).toEqual([
      { sessionId: SID, requestId: 'el-1', answer: { action: 'decline' } },
    ]);
  });
});

describe('settled elicitation', () => {
  it.each([
    ['accept', 'user', 'Asked: Tell me about the release — Answered', 'ok'],
    ['decline', 'user', 'Asked: Tell me about the release — Declined', 'neutral'],
    ['cancel', 'user', 'Asked: Tell me about the release — Cancelled', 'neutral'],
  ] as const)('after %s by %s it is one read-only line', (action, by, line, tone) => {
    renderChat(fold(asked(FORM), { type: 'elicitation_resolved', requestId: 'el-1', action, by }));
    expect(screen.queryByTestId('elicitation')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Accept' })).toBeNull();
    const outcome = screen.getByTestId('elicitation-outcome');
    expect(outcome.querySelector('.marker-text')?.textContent).toBe(line);
    expect(outcome.className).toContain(`marker-${tone}`);
    expect(outcome.dataset.outcome).toBe(action);
  });

  it('turns into the outcome line when the answer arrives while shown', async () => {
    const { push } = renderAsked();
    push({ type: 'elicitation_resolved', requestId: 'el-1', action: 'decline', by: 'user' });
    await waitFor(() => expect(screen.queryByTestId('elicitation')).toBeNull());
    expect(screen.getByTestId('elicitation-outcome').dataset.outcome).toBe('decline');
  });
});

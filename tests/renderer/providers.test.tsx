import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentCapabilities } from '@agentclientprotocol/sdk';
import type { EndpointStatus } from '../../src/shared/domain/history';
import { err } from '../../src/shared/util/result';
import { STATUSES, flush, renderShell } from './shell-harness';

afterEach(cleanup);

// `providers` is an unstable flag, not in the stable type the renderer uses.
const PROVIDERS = { providers: {} } as AgentCapabilities;
const withCaps = (agentCapabilities: AgentCapabilities | undefined): EndpointStatus[] =>
  STATUSES.map((s) => (s.endpointId === 'demo' ? { ...s, agentCapabilities } : s));

async function page(agentCapabilities: AgentCapabilities | undefined = PROVIDERS, handlers = {}) {
  const rendered = renderShell({ selectedId: 'demo', statuses: withCaps(agentCapabilities), handlers });
  await screen.findByTestId('endpoint-details');
  return rendered;
}
const row = (id: string) => screen.getAllByTestId('provider-row').find((el) => el.dataset.providerId === id) ?? null;

describe('model providers on the endpoint page', () => {
  it('is absent when the agent does not advertise providers', async () => {
    const { bridge } = await page({});
    await flush();
    expect(screen.queryByTestId('providers-section')).toBeNull();
    expect(bridge.fake.callsTo('endpoints:providers')).toEqual([]);
  });

  it('lists each provider with its current API type and base URL', async () => {
    const { bridge } = await page();
    bridge.fake.sessionOps.providers.set('openai', {
      providerId: 'openai',
      supported: ['openai', 'azure'],
      required: false,
      current: { apiType: 'openai', baseUrl: 'https://api.openai.test/v1' },
    });
    fireEvent.click(screen.getByTestId('endpoint-edit')); // leave and come back: asks again
    fireEvent.click(screen.getAllByTestId('endpoint-item').find((el) => el.dataset.endpointId === 'demo')!);
    await waitFor(() => expect(row('openai')).not.toBeNull());
    expect(bridge.fake.callsTo('endpoints:providers')).toContainEqual({ id: 'demo' });
    expect(within(row('openai')!).getByTestId('provider-current').textContent).toBe(
      'openai · https://api.openai.test/v1',
    );
    expect(within(row('main')!).getByTestId('provider-current').textContent).toBe('Disabled');
    expect(row('main')!.textContent).toContain('required');
    // A required provider cannot be disabled.
    expect(within(row('main')!).queryByTestId('provider-disable')).toBeNull();
    expect(within(row('openai')!).getByRole('button', { name: 'Disable openai' })).toBeTruthy();
  });

  it('switches a provider with the form; header values are write-only', async () => {
    const { bridge } = await page();
    await waitFor(() => expect(row('main')).not.toBeNull());
    fireEvent.click(within(row('main')!).getByRole('button', { name: 'Switch main' }));
    const form = screen.getByRole('form', { name: 'Switch provider main' });
    const type = within(form).getByLabelText('API type') as HTMLSelectElement;
    expect([...type.options].map((o) => o.value)).toEqual(['anthropic']);
    const url = within(form).getByLabelText('Base URL');
    fireEvent.change(url, { target: { value: 'not a url' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Switch' }));
    expect(within(form).getByTestId('provider-url-error').textContent).toMatch(/not a URL/);
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(bridge.fake.callsTo('endpoints:setProvider')).toEqual([]);

    fireEvent.change(url, { target: { value: 'https://gateway.example.test/anthropic' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add header' }));
    fireEvent.change(within(form).getByLabelText('Header 1 name'), { target: { value: 'x-api-key' } });
    const value = within(form).getByLabelText('Header 1 value') as HTMLInputElement;
    expect(value.type).toBe('password');
    expect(value.value).toBe('');
    fireEvent.change(value, { target: { value: 'sk-secret' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Switch' }));
    await flush();
    expect(bridge.fake.callsTo('endpoints:setProvider')).toEqual([
      {
        id: 'demo',
        providerId: 'main',
        apiType: 'anthropic',
        baseUrl: 'https://gateway.example.test/anthropic',
        headers: { 'x-api-key': 'sk-secret' },
      },
    ]);
    await waitFor(() => expect(screen.queryByTestId('provider-form')).toBeNull());
    expect(within(row('main')!).getByTestId('provider-current').textContent).toBe(
      'anthropic · https://gateway.example.test/anthropic',
    );
    // The secret is nowhere on the page, and a new form starts empty.
    expect(document.body.textContent).not.toContain('sk-secret');
    fireEvent.click(within(row('main')!).getByRole('button', { name: 'Switch main' }));
    expect(screen.queryAllByTestId('provider-header-row')).toHaveLength(0);
    expect((screen.getByLabelText('Base URL') as HTMLInputElement).value).toBe(
      'https://gateway.example.test/anthropic',
    );
  });

  it('checks header names before sending', async () => {
    const { bridge } = await page();
    await waitFor(() => expect(row('main')).not.toBeNull());
    fireEvent.click(within(row('main')!).getByRole('button', { name: 'Switch main' }));
    const form = screen.getByRole('form', { name: 'Switch provider main' });
    fireEvent.change(within(form).getByLabelText('Base URL'), { target: { value: 'https://a.example.test' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add header' }));
    fireEvent.change(within(form).getByLabelText('Header 1 value'), { target: { value: 'v' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Switch' }));
    expect(within(form).getByTestId('provider-headers-error').textContent).toBe('Each header needs a name.');
    expect(bridge.fake.callsTo('endpoints:setProvider')).toEqual([]);
  });

  it('disables an optional provider', async () => {
    const { bridge } = await page();
    bridge.fake.sessionOps.providers.set('openai', {
      providerId: 'openai',
      supported: ['openai'],
      required: false,
      current: { apiType: 'openai', baseUrl: 'https://api.openai.test/v1' },
    });
    fireEvent.click(screen.getByTestId('endpoint-edit'));
    fireEvent.click(screen.getAllByTestId('endpoint-item').find((el) => el.dataset.endpointId === 'demo')!);
    await waitFor(() => expect(row('openai')).not.toBeNull());
    fireEvent.click(within(row('openai')!).getByRole('button', { name: 'Disable openai' }));
    await flush();
    expect(bridge.fake.callsTo('endpoints:disableProvider')).toEqual([{ id: 'demo', providerId: 'openai' }]);
    await waitFor(() => expect(within(row('openai')!).getByTestId('provider-current').textContent).toBe('Disabled'));
  });

  it('says why the list failed', async () => {
    await page(PROVIDERS, { 'endpoints:providers': () => err('unavailable', 'The agent is not reachable.') });
    expect((await screen.findByTestId('providers-error')).textContent).toMatch(/not reachable/);
  });
});

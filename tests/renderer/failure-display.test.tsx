/**
 * Errors that read like sentences (issue 13): a failure is said once, in the place it belongs,
 * as its class's sentence and next step, with the raw text, status and server excerpt behind a
 * "Details" toggle.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFailure } from '../../src/shared/errors/failure-class';
import { err } from '../../src/shared/util/result';
import { renderApp } from './render-app';
import { renderShell } from './shell-harness';

afterEach(cleanup);

const endpointItem = (name: string) =>
  screen.getAllByTestId('endpoint-item').find((el) => el.dataset.endpointName === name)!;
const node = (name: string) => endpointItem(name).closest('li')!;
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

/** What the host sends for a web page where the agent was expected (core/transport/probe.ts). */
function webPageError() {
  const failure = classifyFailure({
    message:
      "The server's answer to initialize is not a JSON-RPC response: <!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>.",
    url: 'http://127.0.0.1:8080/',
    status: 200,
    contentType: 'text/html',
  });
  return err('unavailable', failure.title, { failure });
}

describe('a failed test in the endpoint editor', () => {
  it('a web page is "not an ACP endpoint" with the path as the next step; the page text is behind Details', async () => {
    renderApp({ probe: () => webPageError() });
    fireEvent.click(await screen.findByTestId('add-endpoint'));
    await screen.findByTestId('endpoint-editor');
    type('endpoint-name-input', 'Web server');
    type('endpoint-url-input', 'http://127.0.0.1:8080/');
    fireEvent.click(screen.getByTestId('test-connection'));

    const error = await screen.findByTestId('probe-error');
    const [title, next] = [...error.querySelectorAll('p')].map((p) => p.textContent);
    expect(title).toBe('The server answered but it is not an ACP endpoint.');
    expect(next).toMatch(/^Check the path \(…\/acp\).*http:\/\/127\.0\.0\.1:8080\/acp/);
    expect(next).not.toMatch(/running/);
    expect(screen.getAllByTestId('probe-error')).toHaveLength(1);

    const toggle = within(error).getByRole('button', { name: 'Details' });
    const details = within(error).getByTestId('error-details');
    expect(toggle.getAttribute('aria-controls')).toBe(details.id);
    expect(details.hidden).toBe(true);
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(within(details).getByText('HTTP 200')).toBeTruthy();
    expect(within(details).getByText('Welcome to nginx!')).toBeTruthy();
    expect(details.textContent).not.toMatch(/<\/?h1|<html/);
    fireEvent.click(toggle);
    expect(details.hidden).toBe(true);
  });

  it('a host that sends only text still gets its class (a refused connect)', async () => {
    renderApp({
      probe: () => err('unavailable', 'Could not reach the server: fetch failed (connect ECONNREFUSED 127.0.0.1:9)'),
    });
    fireEvent.click(await screen.findByTestId('add-endpoint'));
    await screen.findByTestId('endpoint-editor');
    type('endpoint-name-input', 'Nothing here');
    type('endpoint-url-input', 'http://127.0.0.1:9/acp');
    fireEvent.click(screen.getByTestId('test-connection'));

    const error = await screen.findByTestId('probe-error');
    expect(within(error).getByText('Nothing is listening at 127.0.0.1:9.')).toBeTruthy();
    expect(within(error).getByText('Start the agent, or check the address.')).toBeTruthy();
  });
});

describe('a failed connection on the endpoint page and in the sidebar', () => {
  const failed = [
    {
      endpointId: 'staging',
      state: 'failed' as const,
      detail:
        'Could not reach the server: fetch failed (getaddrinfo ENOTFOUND agents.staging.example.com) Then: Could not open the WebSocket: getaddrinfo ENOTFOUND agents.staging.example.com',
    },
  ];

  it('the sidebar says it in one classified line; the page header says it once with its next step', async () => {
    renderShell({ statuses: failed, selectedId: 'demo' });
    await screen.findAllByTestId('endpoint-item');
    const line = await within(node('Staging coder')).findByTestId('endpoint-status-line');
    expect(line.textContent).toBe('The host name agents.staging.example.com could not be found.');
    expect(endpointItem('Staging coder').getAttribute('title')).toBe(
      'Failed: The host name agents.staging.example.com could not be found.',
    );

    fireEvent.click(endpointItem('Staging coder'));
    const reason = await within(screen.getByTestId('endpoint-details')).findByTestId('details-status-reason');
    expect(reason.textContent).toBe(
      '— The host name agents.staging.example.com could not be found. Start the agent, or check the address.',
    );
    // The page says it, so the sidebar does not say it again.
    await waitFor(() => expect(within(node('Staging coder')).queryByTestId('endpoint-status-line')).toBeNull());
    expect(screen.getByTestId('endpoint-details').textContent).not.toMatch(/ENOTFOUND|fetch failed/);
  });

  it('a failed test on the page replaces the header reason: one error on screen, not two', async () => {
    renderShell({
      statuses: failed,
      selectedId: 'staging',
      probe: () => err('unavailable', 'getaddrinfo ENOTFOUND agents.staging.example.com'),
    });
    await within(await screen.findByTestId('endpoint-details')).findByTestId('details-status-reason');
    fireEvent.click(within(screen.getByTestId('endpoint-details')).getByTestId('test-connection'));

    const error = await screen.findByTestId('probe-error');
    expect(within(error).getByText('The host name agents.staging.example.com could not be found.')).toBeTruthy();
    expect(screen.queryByTestId('details-status-reason')).toBeNull();
    expect(screen.getAllByText('The host name agents.staging.example.com could not be found.')).toHaveLength(1);
  });
});

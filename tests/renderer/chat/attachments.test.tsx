import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { flush, fold, renderChat, text } from './chat-harness';

afterEach(cleanup);

const input = () => screen.getByTestId('composer-input') as HTMLTextAreaElement;
const type = (value: string) => fireEvent.change(input(), { target: { value } });

function pasteFiles(files: File[]) {
  fireEvent.paste(input(), { clipboardData: { files, types: ['Files'], getData: () => '' } });
}

describe('composer attachments', () => {
  it('refuses a pasted image when the agent does not accept images', async () => {
    renderChat(fold(), { capabilities: { promptCapabilities: { image: false, embeddedContext: false } } });
    pasteFiles([new File(['png'], 'shot.png', { type: 'image/png' })]);
    const notice = await screen.findByTestId('attachment-notice');
    expect(notice.textContent).toContain('This agent does not accept images, so shot.png was not attached.');
    expect(screen.queryByTestId('attachments')).toBeNull();
  });

  it('attaches images and text files the agent accepts, removable, and sends them', async () => {
    const { bridge } = renderChat(fold());
    pasteFiles([new File(['abc'], 'shot.png', { type: 'image/png' }), new File(['# notes'], 'notes.md', { type: '' })]);
    const chips = await screen.findByTestId('attachments');
    await waitFor(() => expect(within(chips).getAllByRole('listitem')).toHaveLength(2));
    type('see attached');
    fireEvent.keyDown(input(), { key: 'Enter' });
    await flush();
    const [call] = bridge.fake.callsTo('sessions:prompt') as { prompt: unknown[] }[];
    expect(call!.prompt).toEqual([
      text('see attached'),
      { type: 'image', data: btoa('abc'), mimeType: 'image/png' },
      { type: 'resource', resource: { uri: 'file:///notes.md', mimeType: 'text/plain', text: '# notes' } },
    ]);
  });

  it('removes an attachment with its button', async () => {
    renderChat(fold());
    pasteFiles([new File(['abc'], 'shot.png', { type: 'image/png' })]);
    fireEvent.click(await screen.findByRole('button', { name: 'Remove shot.png' }));
    expect(screen.queryByTestId('attachments')).toBeNull();
  });

  it('drops files onto the composer', async () => {
    renderChat(fold());
    const composer = screen.getByTestId('composer');
    const file = new File(['x'], 'drop.txt', { type: 'text/plain' });
    fireEvent.dragOver(composer, { dataTransfer: { types: ['Files'], files: [file] } });
    expect(composer.dataset.dragging).toBe('true');
    fireEvent.drop(composer, { dataTransfer: { types: ['Files'], files: [file] } });
    expect(await screen.findByText('drop.txt')).toBeTruthy();
    expect(composer.dataset.dragging).toBeUndefined();
  });
});

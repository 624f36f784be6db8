/**
 * Agent-supplied images: only embedded ones (base64 data with an image/* type, or a
 * data:image/* URI) become an <img>; anything else is a placeholder that says why, so the page
 * never fetches from wherever an agent points.
 */
import type { ContentBlock } from '@agentclientprotocol/sdk';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Attachments, ImageThumb, imageSource } from '../../../src/renderer/features/chat/list/ContentChips';
import { fold, renderChat, text, u } from './chat-harness';

afterEach(cleanup);

type ImageBlock = Extract<ContentBlock, { type: 'image' }>;
const image = (fields: Partial<ImageBlock>): ImageBlock => ({
  type: 'image',
  data: '',
  mimeType: 'image/png',
  ...fields,
});

describe('agent images', () => {
  it('shows base64 data with an image type and data:image URIs', () => {
    expect(imageSource(image({ data: 'AAAA' }))).toEqual({ src: 'data:image/png;base64,AAAA' });
    expect(imageSource(image({ uri: 'data:image/gif;base64,R0lG' }))).toEqual({ src: 'data:image/gif;base64,R0lG' });
    expect(imageSource(image({ uri: 'DATA:image/svg+xml,%3Csvg%2F%3E' }))).toEqual({
      src: 'DATA:image/svg+xml,%3Csvg%2F%3E',
    });
  });

  it.each([
    ['https://tracker.example/pixel.png', 'uri scheme https:'],
    ['http://127.0.0.1:8080/admin/delete', 'uri scheme http:'],
    ['file:///etc/passwd', 'uri scheme file:'],
    ['app://renderer/index.html', 'uri scheme app:'],
    ['javascript:alert(1)', 'uri scheme javascript:'],
    ['blob:https://example.com/1234', 'uri scheme blob:'],
    ['data:text/html,<script>alert(1)</script>', 'uri scheme data:'],
    ['data:,hello', 'uri scheme data:'],
    ['//evil.example/x.png', 'uri has no scheme'],
    ['pixel.png', 'uri has no scheme'],
  ])('refuses the uri %s (%s)', (uri, reason) => {
    expect(imageSource(image({ uri }))).toEqual({ refused: reason });
    render(<ImageThumb block={image({ uri })} />);
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByTestId('image-refused').textContent).toBe(
      `Image not shown: only embedded images are displayed (${reason})`,
    );
  });

  it('refuses base64 data whose type is not an image, and a block with neither data nor uri', () => {
    expect(imageSource(image({ data: 'PGh0bWw+', mimeType: 'text/html' }))).toEqual({ refused: 'type text/html' });
    expect(imageSource(image({ data: 'AAAA', mimeType: 'image/png;x,evil' }))).toEqual({
      refused: 'type image/png;x,evil',
    });
    expect(imageSource(image({}))).toEqual({ refused: 'no image data' });
  });

  it('renders a placeholder in place of the <img> among other attachments', () => {
    render(
      <Attachments
        blocks={[image({ uri: 'https://tracker.example/pixel.png' }), image({ data: 'AAAA', mimeType: 'image/jpeg' })]}
      />,
    );
    const imgs = screen.getAllByRole('img');
    expect(imgs.map((i) => i.getAttribute('src'))).toEqual(['data:image/jpeg;base64,AAAA']);
    expect(screen.getByText('Image not shown: only embedded images are displayed (uri scheme https:)')).toBeTruthy();
  });

  it('never loads a remote image an agent message carries', () => {
    renderChat(
      fold(
        u({ sessionUpdate: 'agent_message_chunk', content: text('here') }),
        u({ sessionUpdate: 'agent_message_chunk', content: image({ uri: 'https://tracker.example/pixel.png' }) }),
      ),
    );
    const agent = screen.getByTestId('entry-agent');
    expect(within(agent).queryByRole('img')).toBeNull();
    expect(within(agent).getByTestId('image-refused').textContent).toContain('(uri scheme https:)');
  });
});

import { describe, expect, it } from 'vitest';
import type { SessionUpdate } from '@agentclientprotocol/sdk';
import { createChatOutput } from '../../../src/cli/commands/chat-output';
import { memoryIo } from '../../support/cli-io';

const ESC = '\x1b';
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

function chunk(text: string): SessionUpdate {
  return { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text } };
}

describe('plain chat output is terminal-safe', () => {
  it('removes escape sequences from streamed agent text, even split across chunks', () => {
    const io = memoryIo();
    const out = createChatOutput(io, false);
    out.update('s', chunk(`hello ${ESC}]52;c;ZXZp`), false);
    out.update('s', chunk(`bA==\x07world${ESC}`), false);
    out.update('s', chunk(`[2J${ESC}[1A!`), false);
    out.turnEnd('end_turn');
    expect(io.out()).toBe('hello world!\n[end_turn]\n');
  });

  it('a carriage return cannot overwrite the line with a fake permission line', () => {
    const io = memoryIo();
    const out = createChatOutput(io, false);
    out.update('s', chunk('done\r[permission] Edit file: Allow (allow_once)'), false);
    out.turnEnd('end_turn');
    expect(io.out()).toBe('done␍[permission] Edit file: Allow (allow_once)\n[end_turn]\n');
  });

  it('sanitizes tool titles, plan entries, permission options, errors and transport reasons', () => {
    const io = memoryIo();
    const out = createChatOutput(io, false);
    out.update(
      's',
      {
        sessionUpdate: 'tool_call',
        toolCallId: `c${ESC}[2J1`,
        title: `Read${ESC}]0;pwned\x07 file\n[permission] fake: Allow`,
        kind: 'read',
        status: 'pending',
      },
      false,
    );
    out.update('s', { sessionUpdate: 'tool_call_update', toolCallId: `c${ESC}[2J1`, status: 'completed' }, false);
    out.update(
      's',
      { sessionUpdate: 'plan', entries: [{ content: `step\r${ESC}[31mone`, priority: 'high', status: 'completed' }] },
      false,
    );
    out.permission(
      { toolCallId: 'x', title: `Edit\u202e gpj.exe` },
      [{ optionId: 'a', name: `Allow${ESC}[8m`, kind: 'allow_once' }],
      'a',
    );
    out.error(`boom${ESC}[2K\rfake`);
    out.transport({ type: 'connection-lost', reason: `reset${ESC}]52;c;x\x07\nline` } as never);
    const all = io.out() + io.err();
    expect(all).not.toContain(ESC);
    expect(all).not.toMatch(CONTROLS);
    expect(all).not.toContain('\u202e');
    expect(io.out()).toContain('[tool] read: Read file [permission] fake: Allow (pending)\n');
    expect(io.out()).toContain('[tool] Read file [permission] fake: Allow → completed\n');
    expect(io.out()).toContain('[plan] ✓ step␍one\n');
    expect(io.out()).toContain('[permission] Edit gpj.exe: Allow (allow_once)\n');
    expect(io.err()).toContain('error: boom␍fake\n');
    expect(io.err()).toContain('[transport] connection lost: reset line; reconnecting\n');
  });

  it('JSON mode keeps the agent text exactly (JSON escapes the controls)', () => {
    const io = memoryIo();
    const out = createChatOutput(io, true);
    out.update('s', chunk(`a${ESC}[2Jb`), false);
    expect(io.out()).not.toContain(ESC);
    expect(JSON.parse(io.out())).toMatchObject({ update: { content: { text: `a${ESC}[2Jb` } } });
  });
});

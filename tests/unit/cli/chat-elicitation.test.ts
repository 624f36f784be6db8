import { describe, expect, it } from 'vitest';
import type { CreateElicitationRequest } from '@agentclientprotocol/sdk';
import { parseChatArgs } from '../../../src/cli/commands/chat';
import { answerElicitation, describeElicitation } from '../../../src/cli/commands/chat-elicitation';
import { createChatOutput } from '../../../src/cli/commands/chat-output';
import { UsageError } from '../../../src/cli/args';
import { memoryIo } from '../../support/cli-io';

const ESC = '\x1b';
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

const form: CreateElicitationRequest = {
  sessionId: 's',
  mode: 'form',
  message: 'Which branch?',
  requestedSchema: {
    type: 'object',
    properties: { branch: { type: 'string' }, force: { type: 'boolean' } },
    required: ['branch'],
  },
};
const url: CreateElicitationRequest = {
  sessionId: 's',
  mode: 'url',
  message: 'Sign in to continue',
  elicitationId: 'e1',
  url: 'https://login.example.test/authorize?session=1',
};

describe('--elicitation', () => {
  it('defaults to decline', () => {
    expect(parseChatArgs(['http://127.0.0.1:1/acp']).elicitation).toBe('decline');
  });

  it.each(['decline', 'cancel'] as const)('accepts %s', (policy) => {
    expect(parseChatArgs(['http://127.0.0.1:1/acp', '--elicitation', policy]).elicitation).toBe(policy);
  });

  it.each(['accept', 'yes', ''])('refuses %j with a usage error naming the flag', (policy) => {
    const argv = ['http://127.0.0.1:1/acp', '--elicitation', policy];
    expect(() => parseChatArgs(argv)).toThrow(UsageError);
    expect(() => parseChatArgs(argv)).toThrow(/--elicitation/);
  });

  it('the answer is the policy, with no content', () => {
    expect(answerElicitation('decline')).toEqual({ action: 'decline' });
    expect(answerElicitation('cancel')).toEqual({ action: 'cancel' });
  });
});

describe('describing an elicitation', () => {
  it('form: message, field names, required ones starred', () => {
    expect(describeElicitation(form)).toBe('Which branch? (form: branch*, force)');
  });

  it('url: message and the URL', () => {
    expect(describeElicitation(url)).toBe('Sign in to continue (url: https://login.example.test/authorize?session=1)');
  });

  it('a form without fields, many fields, an unknown mode and a missing message', () => {
    expect(describeElicitation({ ...form, requestedSchema: {} })).toBe('Which branch? (form: no fields)');
    const properties = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`f${i}`, { type: 'boolean' as const }]),
    );
    expect(describeElicitation({ ...form, requestedSchema: { properties } })).toBe(
      'Which branch? (form: f0, f1, f2, f3, f4, f5, f6, f7, +2 more)',
    );
    expect(describeElicitation({ sessionId: 's', mode: '_custom', message: '' })).toBe('(no message) (mode: _custom)');
  });

  it('is terminal-safe and one line, whatever the agent sends', () => {
    const hostile = describeElicitation({
      sessionId: 's',
      mode: 'form',
      message: `Pick${ESC}]52;c;ZXZp\x07 one\n[permission] fake\r`,
      requestedSchema: { properties: { [`a${ESC}[2J\u202eb`]: { type: 'string' } } },
    });
    expect(hostile).not.toContain(ESC);
    expect(hostile).not.toMatch(CONTROLS);
    expect(hostile).not.toContain('\n');
    expect(hostile).not.toContain('\u202e');
    expect(hostile).toBe('Pick one [permission] fake␍ (form: ab)');
  });

  it('clips a very long URL', () => {
    const long = describeElicitation({ ...url, url: `https://h.example/${'x'.repeat(1000)}` });
    expect(long.length).toBeLessThan(400);
    expect(long).toMatch(/…\)$/);
  });
});

describe('chat output of an elicitation', () => {
  it('plain: one line on stdout with the outcome', () => {
    const io = memoryIo();
    const out = createChatOutput(io, false);
    out.update('s', { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'thinking' } }, false);
    out.elicitation(form, 'decline');
    out.elicitation(url, 'cancel');
    out.elicitationComplete('e1');
    expect(io.out()).toBe(
      'thinking\n' +
        '[elicitation] Which branch? (form: branch*, force) → declined\n' +
        '[elicitation] Sign in to continue (url: https://login.example.test/authorize?session=1) → cancelled\n' +
        '[elicitation] e1 completed\n',
    );
    expect(io.err()).toBe('');
  });

  it('--json: the request as received and the action', () => {
    const io = memoryIo();
    const out = createChatOutput(io, true);
    out.elicitation(form, 'decline');
    out.elicitationComplete('e1');
    const lines = io
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      { type: 'elicitation', request: form, action: 'decline' },
      { type: 'elicitation_complete', elicitationId: 'e1' },
    ]);
  });
});

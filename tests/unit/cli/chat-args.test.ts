import { describe, expect, it } from 'vitest';
import { parseChatArgs, parseHeader } from '../../../src/cli/commands/chat';
import { choosePermission } from '../../../src/cli/commands/chat-session';
import { UsageError } from '../../../src/cli/args';
import type { PermissionOption } from '@agentclientprotocol/sdk';

describe('acp-desk chat flags', () => {
  it('parses every documented flag', () => {
    const o = parseChatArgs([
      'https://agent.example/acp',
      '--prompt',
      'one',
      '--prompt',
      'two',
      '--transport',
      'ws',
      '--header',
      'Authorization: Bearer abc',
      '--header',
      'X-Team: a:b',
      '--permission',
      'allow',
      '--cwd',
      '/tmp',
      '--load',
      'sess_1',
      '--idle-timeout',
      '2.5',
      '--json',
      '--traffic',
      'out.jsonl',
    ]);
    expect(o).toMatchObject({
      url: 'https://agent.example/acp',
      prompts: ['one', 'two'],
      transport: 'ws',
      headers: { Authorization: 'Bearer abc', 'X-Team': 'a:b' },
      permission: 'allow',
      cwd: '/tmp',
      load: 'sess_1',
      idleTimeoutMs: 2500,
      json: true,
      traffic: 'out.jsonl',
    });
  });

  it('defaults to auto transport and the safe permission policy', () => {
    const o = parseChatArgs(['http://127.0.0.1:1/acp']);
    expect(o.transport).toBe('auto');
    expect(o.permission).toBe('reject');
    expect(o.prompts).toBeUndefined();
  });

  it.each([
    [[], /exactly one <url>/],
    [['a', 'b'], /exactly one <url>/],
    [['ftp://x/acp'], /Unsupported scheme/],
    [['not a url'], /Not a URL/],
    [['http://x/acp', '--transport', 'carrier-pigeon'], /--transport/],
    [['http://x/acp', '--permission', 'maybe'], /--permission/],
    [['http://x/acp', '--idle-timeout', 'soon'], /--idle-timeout/],
    [['http://x/acp', '--frobnicate'], /Unknown option/],
    [['http://x/acp', '--header', 'NoColon'], /Name: value/],
    [['http://x/acp', '--header', 'Acp-Session-Id: x'], /set by ACP Desk/],
  ])('rejects %j with a usage error', (argv, message) => {
    expect(() => parseChatArgs(argv as string[])).toThrow(UsageError);
    expect(() => parseChatArgs(argv as string[])).toThrow(message);
  });

  it('refuses header values that would inject another header', () => {
    expect(() => parseHeader('X-A: b\r\nX-Evil: 1')).toThrow(UsageError);
  });
});

describe('permission policy', () => {
  const options: PermissionOption[] = [
    { optionId: 'ao', name: 'Allow once', kind: 'allow_once' },
    { optionId: 'aa', name: 'Always', kind: 'allow_always' },
    { optionId: 'ro', name: 'Reject', kind: 'reject_once' },
    { optionId: 'ra', name: 'Never', kind: 'reject_always' },
  ];
  it('allow picks the first allow option', () => {
    expect(choosePermission('allow', options)).toEqual({ outcome: { outcome: 'selected', optionId: 'ao' } });
  });
  it('reject picks the first reject option', () => {
    expect(choosePermission('reject', options)).toEqual({ outcome: { outcome: 'selected', optionId: 'ro' } });
  });
  it('cancel answers cancelled', () => {
    expect(choosePermission('cancel', options)).toEqual({ outcome: { outcome: 'cancelled' } });
  });
  it('answers cancelled when no option of the wanted kind exists', () => {
    expect(choosePermission('reject', options.slice(0, 2))).toEqual({ outcome: { outcome: 'cancelled' } });
  });
});

import { describe, expect, it } from 'vitest';
import { eslint } from './lint-virtual';

/**
 * Proves the zone rules are enforced by lint: each case lints a one-line file placed in a
 * zone (virtually, via filePath) and expects `no-restricted-imports` to fire or not.
 */

async function restrictedImportErrors(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return result?.messages.filter((m) => m.ruleId === 'no-restricted-imports').length ?? -1;
}

describe('zone import rules', () => {
  const violations: Array<[string, string]> = [
    ['src/shared/domain/x.ts', "import { readFile } from 'node:fs';"],
    ['src/shared/domain/x.ts', "import path from 'path';"],
    ['src/shared/domain/x.ts', "import { EndpointRepository } from '../../core/endpoints/endpoint-repository';"],
    ['src/core/transport/x.ts', "import { app } from 'electron';"],
    ['src/core/transport/x.ts', "import { createRoot } from 'react-dom/client';"],
    ['src/core/transport/x.ts', "import { x } from '../../main/window';"],
    ['src/renderer/features/x.ts', "import { ipcRenderer } from 'electron';"],
    ['src/renderer/features/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/renderer/features/x.ts', "import { createAppCore } from '../../core/app/app-core';"],
    ['src/preload/x.ts', "import { z } from 'zod';"],
    ['src/demo-agent/x.ts', "import { Redactor } from '../core/transport/redact';"],
    ['src/demo-agent/x.ts', "import { isRecord } from '../shared/util/is-record';"],
    ['src/demo-agent/x.ts', "import { app } from 'electron';"],
    ['src/renderer/features/x.ts', "import { startDemoAgent } from '../../demo-agent/server';"],
    ['src/preload/x.ts', "import { invokeSchemas } from '../shared/ipc/schemas';"],
    ['src/main/x.ts', "import { App } from '../renderer/App';"],
    // Features and ui read state through the named hooks in state/selectors, never useAppState.
    ['src/renderer/features/chat/x.tsx', "import { useAppState } from '../../state/store-context';"],
    ['src/renderer/ui/x.tsx', "import { useAppState, useAppStore } from '../state/store-context';"],
    ['src/renderer/features/x.ts', "import * as ctx from '../state/store-context';"],
  ];
  it.each(violations)('%s: rejects %s', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).toBe(1);
  });

  const allowed: Array<[string, string]> = [
    ['src/shared/domain/x.ts', "import { z } from 'zod';"],
    ['src/core/transport/x.ts', "import { request } from 'undici';"],
    ['src/core/transport/x.ts', "import { ok } from '../../shared/util/result';"],
    ['src/renderer/features/x.ts', "import { ok } from '../../shared/util/result';"],
    ['src/preload/x.ts', "import { contextBridge } from 'electron';"],
    ['src/demo-agent/x.ts', "import { AcpServer } from '@agentclientprotocol/sdk/experimental/server';"],
    ['src/demo-agent/x.ts', "import http from 'node:http';"],
    ['src/cli/commands/x.ts', "import { startDemoAgent } from '../../demo-agent/server';"],
    ['src/preload/x.ts', "import { INVOKE_CHANNELS } from '../shared/ipc/contract';"],
    ['src/main/x.ts', "import { app } from 'electron';"],
    ['src/renderer/features/chat/x.tsx', "import { useAppStore, useCommands } from '../../state/store-context';"],
    ['src/renderer/features/chat/x.tsx', "import { useSessionError } from '../../state/selectors';"],
    ['src/renderer/state/selectors/x.ts', "import { useAppState } from '../store-context';"],
  ];
  it.each(allowed)('%s: allows %s', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).toBe(0);
  });
});

describe('features read state through the named selector hooks', () => {
  it('a feature file importing useAppState is a lint error that says where to read state', async () => {
    const [result] = await eslint.lintText("import { useAppState } from '../../state/store-context';\n", {
      filePath: 'src/renderer/features/endpoints/x.tsx',
    });
    const messages = result?.messages.filter((m) => m.ruleId === 'no-restricted-imports') ?? [];
    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toContain('read state through the named hooks in state/selectors');
  });
});

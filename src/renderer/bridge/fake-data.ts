/** Sample data for the fake bridge: tests, previews and screenshots. */
import type { AgentProbe, AppInfo } from '../../shared/domain/app';
import type { SavedEndpoint } from '../../shared/domain/endpoint';

const CREATED = '2025-01-01T00:00:00.000Z';

export const SAMPLE_APP_INFO: AppInfo = {
  name: 'ACP Desk',
  version: '0.1.0',
  host: 'electron',
  secretStorage: 'os-keychain',
  demoAgentUrl: 'http://127.0.0.1:4319/acp',
};

export function sampleEndpoint(overrides: Partial<SavedEndpoint> & Pick<SavedEndpoint, 'id' | 'name'>): SavedEndpoint {
  return {
    url: 'https://agent.example.com/acp',
    transport: 'auto',
    headers: [],
    cwd: '',
    notes: '',
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

export function sampleEndpoints(): SavedEndpoint[] {
  return [
    sampleEndpoint({
      id: 'demo',
      name: 'Local demo agent',
      url: 'http://127.0.0.1:4319/acp',
      builtin: 'demo-agent',
      notes: 'The scripted agent built into ACP Desk. Works offline; try /help.',
    }),
    sampleEndpoint({
      id: 'staging',
      name: 'Staging coder',
      url: 'https://agents.staging.example.com/v1/acp',
      transport: 'http',
      headers: [
        { name: 'Authorization', secret: true, hasValue: true },
        { name: 'X-Team', secret: false, value: 'platform', hasValue: true },
      ],
      cwd: '/srv/workspace',
      notes: 'Shared staging agent. Resets nightly.',
      idleTimeoutSec: 120,
    }),
    sampleEndpoint({ id: 'ws-lab', name: 'WebSocket lab', url: 'wss://lab.example.net/acp', transport: 'ws' }),
  ];
}

export function sampleProbe(overrides: Partial<AgentProbe> = {}): AgentProbe {
  return {
    agentInfo: { name: 'demo-agent', title: 'ACP Desk demo agent', version: '1.2.0' },
    protocolVersion: 1,
    agentCapabilities: {
      loadSession: true,
      promptCapabilities: { image: true, audio: false, embeddedContext: true },
      sessionCapabilities: { list: {}, resume: {}, close: null },
    },
    authMethods: [{ id: 'token', name: 'API token', description: 'Send a bearer token header' }],
    transport: 'http',
    durationMs: 84,
    ...overrides,
  };
}

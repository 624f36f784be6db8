import type { AgentCapabilities, AuthMethod, Implementation } from '@agentclientprotocol/sdk';

/** Facts about the running host that the renderer shows (never secrets). */
export interface AppInfo {
  readonly name: string;
  readonly version: string;
  /** Which host serves the bridge: the Electron main process or `acp-desk web`. */
  readonly host: 'electron' | 'web';
  /** How secret header values are protected at rest. `file` is the weaker 0600-file fallback. */
  readonly secretStorage: 'os-keychain' | 'file';
  /** URL of the embedded demo agent, when it runs in this host. */
  readonly demoAgentUrl: string | null;
}

/** What `Test connection` learned from an `initialize` round trip. */
export interface AgentProbe {
  readonly agentInfo: Implementation | null;
  readonly protocolVersion: number;
  readonly agentCapabilities: AgentCapabilities;
  readonly authMethods: readonly AuthMethod[];
  /** The transport profile that worked. */
  readonly transport: 'http' | 'ws';
  readonly durationMs: number;
}

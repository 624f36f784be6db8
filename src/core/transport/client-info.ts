import type { Implementation } from '@agentclientprotocol/sdk';

/** How ACP Desk introduces itself in `initialize`. */
export const CLIENT_INFO: Implementation = { name: 'acp-desk', title: 'ACP Desk', version: '0.1.0' };

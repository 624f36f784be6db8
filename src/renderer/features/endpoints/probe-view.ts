/** How an `AgentProbe` reads in the UI. Pure. */
import type { AgentProbe } from '../../../shared/domain/app';

/** What the views read: a test's probe, or what the live connection learned (live-agent-view.ts). */
type AgentFacts = Pick<AgentProbe, 'agentInfo' | 'agentCapabilities'>;

export interface CapabilityView {
  readonly label: string;
  readonly on: boolean;
}

export function agentTitle(probe: AgentFacts): string {
  const info = probe.agentInfo;
  return info?.title || info?.name || 'Unnamed agent';
}

/** `demo-agent 1.2.0`, shown under the title; null when it would repeat the title. */
export function agentIdentity(probe: AgentFacts): string | null {
  const info = probe.agentInfo;
  if (!info) return null;
  return info.title && info.title !== info.name ? `${info.name} ${info.version}` : `Version ${info.version}`;
}

const present = (value: unknown): boolean => value !== null && value !== undefined && value !== false;

export function capabilityViews(probe: AgentFacts): CapabilityView[] {
  const caps = probe.agentCapabilities;
  const prompt = caps.promptCapabilities ?? {};
  const session = caps.sessionCapabilities ?? {};
  return [
    { label: 'Load session', on: caps.loadSession === true },
    { label: 'Image prompts', on: prompt.image === true },
    { label: 'Audio prompts', on: prompt.audio === true },
    { label: 'Embedded context', on: prompt.embeddedContext === true },
    { label: 'List sessions', on: present(session.list) },
    { label: 'Resume sessions', on: present(session.resume) },
    { label: 'Close sessions', on: present(session.close) },
  ];
}

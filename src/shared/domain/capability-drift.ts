/**
 * Capability snapshot and drift (issue 12): what an agent said about itself in `initialize`
 * (protocol version, name and version, capabilities, auth methods), reduced to comparable
 * facts, and what changed since the previous successful connect. A capability is a dotted
 * path to a value that is not false/null/absent ("loadSession", "promptCapabilities.image",
 * "sessionCapabilities.fork"); `_meta` is the agent's own business and not compared.
 */
import { z } from 'zod';

/** Most capability paths kept per snapshot, and deepest nesting followed (agents are untrusted). */
const MAX_PATHS = 256;
const MAX_DEPTH = 6;

export const capabilitySnapshotSchema = z
  .object({
    at: z.number(),
    protocolVersion: z.union([z.number(), z.string(), z.null()]),
    agentName: z.string().max(200).nullable(),
    agentVersion: z.string().max(200).nullable(),
    capabilities: z.array(z.string().max(300)).max(MAX_PATHS),
    authMethods: z.array(z.string().max(200)).max(64),
  })
  .strict();
export type CapabilitySnapshot = z.infer<typeof capabilitySnapshotSchema>;

const versionPair = <T extends z.ZodType>(t: T) => z.object({ from: t, to: t }).strict();

/** What changed between two snapshots (also carried in a Diagnose report). */
export const capabilityDriftSchema = z
  .object({
    /** When the previous snapshot was taken. */
    since: z.number(),
    added: z.array(z.string().max(300)).max(MAX_PATHS),
    removed: z.array(z.string().max(300)).max(MAX_PATHS),
    protocolVersion: versionPair(z.union([z.number(), z.string(), z.null()])).optional(),
    agentVersion: versionPair(z.string().max(200).nullable()).optional(),
    authAdded: z.array(z.string().max(200)).max(64),
    authRemoved: z.array(z.string().max(200)).max(64),
  })
  .strict();
export type CapabilityDrift = z.infer<typeof capabilityDriftSchema>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Dotted paths to every capability that is on (a true, a non-empty value, or an object). */
export function capabilityPaths(caps: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, prefix: string, depth: number) => {
    if (out.length >= MAX_PATHS || !isObject(v)) return;
    for (const [k, child] of Object.entries(v)) {
      if (k === '_meta' || child === false || child === null || child === undefined) continue;
      const p = prefix ? `${prefix}.${k}` : k;
      if (isObject(child) && depth < MAX_DEPTH && Object.keys(child).some((c) => c !== '_meta'))
        walk(child, p, depth + 1);
      else if (out.length < MAX_PATHS) out.push(p.slice(0, 300));
    }
  };
  walk(caps, '', 0);
  return out.sort();
}

function text(v: unknown): string | null {
  return typeof v === 'string' ? v.slice(0, 200) : null;
}

export function snapshotOf(
  init: { protocolVersion?: unknown; agentInfo?: unknown; agentCapabilities?: unknown; authMethods?: unknown },
  at: number,
): CapabilitySnapshot {
  const info = isObject(init.agentInfo) ? init.agentInfo : {};
  const pv = init.protocolVersion;
  const methods = Array.isArray(init.authMethods) ? init.authMethods : [];
  return {
    at,
    protocolVersion: typeof pv === 'number' || typeof pv === 'string' ? pv : null,
    agentName: text(info.name),
    agentVersion: text(info.version),
    capabilities: capabilityPaths(init.agentCapabilities),
    authMethods: methods
      .map((m) => (isObject(m) ? text(m.id) : null))
      .filter((id): id is string => id !== null)
      .slice(0, 64)
      .sort(),
  };
}

const minus = (a: readonly string[], b: readonly string[]) => {
  const s = new Set(b);
  return a.filter((x) => !s.has(x));
};

/** What changed from `prev` to `next`, or null when nothing did. */
export function diffSnapshots(prev: CapabilitySnapshot, next: CapabilitySnapshot): CapabilityDrift | null {
  const added = minus(next.capabilities, prev.capabilities);
  const removed = minus(prev.capabilities, next.capabilities);
  const authAdded = minus(next.authMethods, prev.authMethods);
  const authRemoved = minus(prev.authMethods, next.authMethods);
  const protocolChanged = prev.protocolVersion !== next.protocolVersion;
  const versionChanged = prev.agentVersion !== next.agentVersion;
  if (
    !added.length &&
    !removed.length &&
    !authAdded.length &&
    !authRemoved.length &&
    !protocolChanged &&
    !versionChanged
  )
    return null;
  return {
    since: prev.at,
    added,
    removed,
    authAdded,
    authRemoved,
    ...(protocolChanged ? { protocolVersion: { from: prev.protocolVersion, to: next.protocolVersion } } : {}),
    ...(versionChanged ? { agentVersion: { from: prev.agentVersion, to: next.agentVersion } } : {}),
  };
}

/** The drift in short sentences, for the endpoint page and the report. */
export function driftLines(d: CapabilityDrift): string[] {
  const lines: string[] = [];
  if (d.agentVersion) lines.push(`Agent version ${d.agentVersion.from ?? '(none)'} → ${d.agentVersion.to ?? '(none)'}`);
  if (d.protocolVersion)
    lines.push(`Protocol version ${d.protocolVersion.from ?? '(none)'} → ${d.protocolVersion.to ?? '(none)'}`);
  if (d.added.length) lines.push(`New: ${d.added.join(', ')}`);
  if (d.removed.length) lines.push(`No longer offered: ${d.removed.join(', ')}`);
  if (d.authAdded.length) lines.push(`New sign-in methods: ${d.authAdded.join(', ')}`);
  if (d.authRemoved.length) lines.push(`Sign-in methods removed: ${d.authRemoved.join(', ')}`);
  return lines;
}

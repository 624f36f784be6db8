/**
 * The probe report: what `acp-desk probe --json` prints and what the UI will show. One object,
 * validated by `probeReportSchema` before it leaves the doctor (docs/probe.md documents it):
 *
 * ```
 * {
 *   schema: "acp-desk.probe/1",
 *   url: string,                     // the endpoint, secrets redacted
 *   startedAt: ISO string, durationMs: number,
 *   transport: "auto" | "http" | "ws",
 *   steps: Step[],                   // the doctor, in order (empty with --only conformance)
 *   checks: Check[],                 // conformance (empty with --only doctor)
 *   agent: { protocolVersion, agentInfo, agentCapabilities, authMethods, connectionId? } | null,
 *   outcome: { status: "ok" | "nonconformant" | "unreachable" | "not-acp" | "auth",
 *              exitCode: 0 | 1 | 2, sentence: string },
 * }
 * Step  = { id, title, verdict: "pass"|"warn"|"fail"|"skip", durationMs, explanation,
 *           fix: string | null, evidence: Record<string, string | number | boolean | null>,
 *           frames?: { fromSeq, toSeq } }   // Step and Check, when the run was recorded
 * Check = { id, title, tier: "MANDATORY"|"ADVISORY"|"INFORMATIONAL",
 *           verdict: "pass"|"warn"|"fail"|"info"|"skip", durationMs,
 *           rfd, observed, copes, fix: string | null }
 * ```
 * Every string in a report has passed through the transport's Redactor.
 */
import { z } from 'zod';
import { capabilityDriftSchema } from './capability-drift';

export const REPORT_SCHEMA_ID = 'acp-desk.probe/1';

export const stepVerdictSchema = z.enum(['pass', 'warn', 'fail', 'skip']);
export type StepVerdict = z.infer<typeof stepVerdictSchema>;

export const checkVerdictSchema = z.enum(['pass', 'warn', 'fail', 'info', 'skip']);
export type CheckVerdict = z.infer<typeof checkVerdictSchema>;

export const tierSchema = z.enum(['MANDATORY', 'ADVISORY', 'INFORMATIONAL']);
export type Tier = z.infer<typeof tierSchema>;

export const evidenceSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type Evidence = z.infer<typeof evidenceSchema>;

/**
 * Diagnose in the app (and `probe --traffic`): the traffic records a step or check made, by
 * their `seq` in the run's own traffic log connection (`traffic` below), both ends included.
 */
export const framesSchema = z
  .object({ fromSeq: z.number().int().positive(), toSeq: z.number().int().positive() })
  .strict();
export type Frames = z.infer<typeof framesSchema>;

export const stepSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    verdict: stepVerdictSchema,
    durationMs: z.number().nonnegative(),
    explanation: z.string(),
    fix: z.string().nullable(),
    evidence: evidenceSchema,
    frames: framesSchema.optional(),
  })
  .strict();
export type Step = z.infer<typeof stepSchema>;

export const checkSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    tier: tierSchema,
    verdict: checkVerdictSchema,
    durationMs: z.number().nonnegative(),
    rfd: z.string(),
    observed: z.string(),
    copes: z.string(),
    fix: z.string().nullable(),
    frames: framesSchema.optional(),
  })
  .strict();
export type Check = z.infer<typeof checkSchema>;

export const agentSummarySchema = z
  .object({
    protocolVersion: z.union([z.number(), z.string(), z.null()]),
    agentInfo: z.record(z.string(), z.unknown()).nullable(),
    agentCapabilities: z.record(z.string(), z.unknown()),
    authMethods: z.array(z.unknown()),
    connectionId: z.string().nullable(),
  })
  .strict();
export type AgentSummary = z.infer<typeof agentSummarySchema>;

export const outcomeStatusSchema = z.enum(['ok', 'nonconformant', 'unreachable', 'not-acp', 'auth']);
export type OutcomeStatus = z.infer<typeof outcomeStatusSchema>;

export const outcomeSchema = z
  .object({
    status: outcomeStatusSchema,
    exitCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    sentence: z.string().min(1),
  })
  .strict();
export type Outcome = z.infer<typeof outcomeSchema>;

export const probeReportSchema = z
  .object({
    schema: z.literal(REPORT_SCHEMA_ID),
    url: z.string(),
    startedAt: z.string(),
    durationMs: z.number().nonnegative(),
    transport: z.enum(['auto', 'http', 'ws']),
    steps: z.array(stepSchema),
    checks: z.array(checkSchema),
    agent: agentSummarySchema.nullable(),
    outcome: outcomeSchema,
    /**
     * Diagnose in the app only: what the agent's initialize changed since the endpoint's last
     * successful connect (absent when nothing did, or when there is no earlier connect).
     */
    drift: capabilityDriftSchema.optional(),
    /** Diagnose in the app only: the traffic log connection holding the run's frames. */
    traffic: z
      .object({ endpointId: z.string().min(1), label: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict();
export type ProbeReport = z.infer<typeof probeReportSchema>;

/** Where the run stopped being able to talk ACP, if it did (decides exit code 2). */
export type Reachability = { kind: 'ok' } | { kind: 'unreachable' | 'not-acp' | 'auth'; sentence: string };

/** The outcome of a run: exit 0 when every MANDATORY check holds, 1 when one fails, 2 when unreachable. */
export function decideOutcome(reach: Reachability, checks: readonly Check[], steps: readonly Step[]): Outcome {
  if (reach.kind === 'unreachable' || reach.kind === 'not-acp')
    return { status: reach.kind, exitCode: 2, sentence: reach.sentence };
  if (reach.kind === 'auth') return { status: 'auth', exitCode: 1, sentence: reach.sentence };
  const failed = checks.filter((c) => c.tier === 'MANDATORY' && c.verdict === 'fail');
  if (failed.length > 0)
    return {
      status: 'nonconformant',
      exitCode: 1,
      sentence: `${failed.length} MANDATORY check${failed.length === 1 ? '' : 's'} failed: ${failed.map((c) => c.id).join(', ')}.`,
    };
  const failedSteps = steps.filter((s) => s.verdict === 'fail');
  if (failedSteps.length > 0)
    return {
      status: 'nonconformant',
      exitCode: 1,
      sentence: `${failedSteps.length} doctor step${failedSteps.length === 1 ? '' : 's'} failed: ${failedSteps.map((s) => s.id).join(', ')}.`,
    };
  return { status: 'ok', exitCode: 0, sentence: 'Every MANDATORY check holds.' };
}

/**
 * Validation issues as messages per form field. Field keys are draft paths: `name`, `url`,
 * `headers.2.name`, `idleTimeoutSec`. Issues come from the shared schema (checked in the
 * renderer before saving) or from the host's `IpcError.details` (`draft.`-prefixed paths).
 * Pure.
 */
import { endpointDraftSchema, type EndpointDraft } from '../../shared/domain/endpoint';
import type { IpcError } from '../../shared/util/result';

export type FieldErrors = Readonly<Record<string, string>>;

interface Issue {
  readonly path: string;
  readonly message: string;
}

function isIssue(v: unknown): v is Issue {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Issue).path === 'string' &&
    typeof (v as Issue).message === 'string'
  );
}

/** The first message for each path; paths are relative to the draft. */
function collect(issues: readonly Issue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path.replace(/^draft\.?/, '') || '_form';
    out[key] ??= i.message;
  }
  return out;
}

/** Field messages from a host error, when it carries validation issues; otherwise none. */
export function fieldErrorsFromIpc(error: IpcError): FieldErrors {
  if (error.code !== 'invalid_request' || !Array.isArray(error.details)) return {};
  return collect(error.details.filter(isIssue).filter((i) => i.path.startsWith('draft')));
}

/** Checks a draft with the same schema the host uses. */
export function checkDraft(draft: EndpointDraft): FieldErrors {
  const parsed = endpointDraftSchema.safeParse(draft);
  if (parsed.success) return {};
  return collect(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}

/**
 * The trust boundary for `elicitation/create` (issue 14): the SDK checks the envelope, this
 * checks what ACP Desk will render and caps its sizes, so an agent cannot make the client
 * build a thousand-field form or a megabyte label. The zod shapes follow the SDK's
 * `CreateElicitationRequest` and `ElicitationPropertySchema`; `satisfies` below makes a
 * drift from the SDK's types a compile error. Unknown property types and modes are refused
 * (the request is answered `decline` rather than shown half).
 */
import type {
  CreateElicitationRequest,
  CreateElicitationResponse,
  ElicitationContentValue,
  ElicitationPropertySchema,
  ElicitationSchema,
} from '@agentclientprotocol/sdk';
import { z } from 'zod';

export const ELICITATION_LIMITS = {
  fields: 32,
  options: 100,
  text: 4000,
  label: 500,
  url: 4096,
  id: 1024,
  meta: 16_384,
} as const;

const label = z.string().max(ELICITATION_LIMITS.label).nullish();
const text = z.string().max(ELICITATION_LIMITS.text).nullish();
const count = z.number().int().min(0).max(1_000_000).nullish();
const bound = z.number().finite().nullish();
/**
 * `_meta` is never shown, but it is kept with the request (journal, IPC), so it is bounded:
 * a deeply nested one would make every JSON.stringify of the session throw.
 */
function smallJson(v: unknown): boolean {
  try {
    return (JSON.stringify(v)?.length ?? 0) <= ELICITATION_LIMITS.meta;
  } catch {
    return false;
  }
}
const meta = z
  .record(z.string(), z.unknown())
  .nullish()
  .refine((m) => m == null || smallJson(m), `_meta is larger than ${ELICITATION_LIMITS.meta} characters of JSON`);
const option = z.object({
  const: z.string().max(ELICITATION_LIMITS.label),
  title: z.string().max(ELICITATION_LIMITS.label),
  description: text,
  _meta: meta,
});
const common = { title: label, description: text, _meta: meta };

const stringProp = z.object({
  ...common,
  type: z.literal('string'),
  minLength: count,
  maxLength: count,
  pattern: z.string().max(ELICITATION_LIMITS.label).nullish(),
  format: z.enum(['email', 'uri', 'date', 'date-time']).nullish(),
  default: z.string().max(ELICITATION_LIMITS.text).nullish(),
  enum: z.array(z.string().max(ELICITATION_LIMITS.label)).max(ELICITATION_LIMITS.options).nullish(),
  oneOf: z.array(option).max(ELICITATION_LIMITS.options).nullish(),
});
const numberProp = z.object({
  ...common,
  type: z.enum(['number', 'integer']),
  minimum: bound,
  maximum: bound,
  default: bound,
});
const booleanProp = z.object({ ...common, type: z.literal('boolean'), default: z.boolean().nullish() });
const multiProp = z.object({
  ...common,
  type: z.literal('array'),
  minItems: count,
  maxItems: count,
  items: z.union([
    z.object({
      type: z.literal('string'),
      enum: z.array(z.string().max(ELICITATION_LIMITS.label)).max(ELICITATION_LIMITS.options),
      _meta: meta,
    }),
    z.object({ anyOf: z.array(option).max(ELICITATION_LIMITS.options), _meta: meta }),
  ]),
  default: z.array(z.string().max(ELICITATION_LIMITS.label)).max(ELICITATION_LIMITS.options).nullish(),
});

export const elicitationPropertySchema = z.union([stringProp, numberProp, booleanProp, multiProp]);

export const elicitationSchemaSchema = z.object({
  type: z.literal('object').optional(),
  title: label,
  description: text,
  properties: z
    .record(z.string().max(ELICITATION_LIMITS.label), elicitationPropertySchema)
    .refine((p) => Object.keys(p).length <= ELICITATION_LIMITS.fields, `at most ${ELICITATION_LIMITS.fields} fields`)
    .optional(),
  required: z.array(z.string().max(ELICITATION_LIMITS.label)).max(ELICITATION_LIMITS.fields).nullish(),
  _meta: meta,
});

const scope = {
  sessionId: z.string().min(1).max(ELICITATION_LIMITS.id).optional(),
  toolCallId: z.string().max(ELICITATION_LIMITS.id).nullish(),
  requestId: z.union([z.string().max(ELICITATION_LIMITS.id), z.number(), z.null()]).optional(),
  message: z.string().max(ELICITATION_LIMITS.text),
  _meta: meta,
};

/** What the app accepts of an `elicitation/create`: form or URL mode, a session or a request scope. */
export const elicitationRequestSchema = z
  .discriminatedUnion('mode', [
    z.object({ ...scope, mode: z.literal('form'), requestedSchema: elicitationSchemaSchema }),
    z.object({
      ...scope,
      mode: z.literal('url'),
      elicitationId: z.string().min(1).max(ELICITATION_LIMITS.id),
      url: z.string().max(ELICITATION_LIMITS.url).url(),
    }),
  ])
  .refine((r) => r.sessionId !== undefined || r.requestId !== undefined, 'needs a sessionId or a requestId');

export type ElicitationRequest = z.infer<typeof elicitationRequestSchema>;
export type ElicitationField = z.infer<typeof elicitationPropertySchema>;
export type ElicitationForm = z.infer<typeof elicitationSchemaSchema>;

const contentValue = z.union([
  z.string().max(ELICITATION_LIMITS.text),
  z.number().finite(),
  z.boolean(),
  z.array(z.string().max(ELICITATION_LIMITS.label)).max(ELICITATION_LIMITS.options),
]);

/** The answer the renderer sends back (IPC boundary): accept with content, decline or cancel. */
export const elicitationAnswerSchema = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('accept'),
      content: z
        .record(z.string().max(ELICITATION_LIMITS.label), contentValue)
        .refine((c) => Object.keys(c).length <= ELICITATION_LIMITS.fields)
        .optional(),
    })
    .strict(),
  z.object({ action: z.literal('decline') }).strict(),
  z.object({ action: z.literal('cancel') }).strict(),
]);

export type ElicitationAnswer = z.infer<typeof elicitationAnswerSchema>;

// Compile-time agreement with the SDK's own types (a drift there breaks the build here).
type Assignable<T, U extends T> = U;
export type _SdkAgreement = [
  Assignable<ElicitationPropertySchema, ElicitationField>,
  Assignable<ElicitationSchema, ElicitationForm>,
  Assignable<CreateElicitationResponse, ElicitationAnswer>,
  Assignable<ElicitationContentValue, z.infer<typeof contentValue>>,
  Assignable<Pick<CreateElicitationRequest, 'message'>, ElicitationRequest>,
];

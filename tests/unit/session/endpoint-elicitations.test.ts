/**
 * Request-scoped elicitations (issue 14): the router sends a request without a sessionId to the
 * endpoint (valid ones only), and the endpoint's set keeps it until it ends, bounded.
 */
import type { CreateElicitationResponse } from '@agentclientprotocol/sdk';
import { describe, expect, it } from 'vitest';
import { ElicitationRouter } from '../../../src/core/session/elicitation-arrivals';
import { EndpointElicitations } from '../../../src/core/session/endpoint-elicitations';
import type { EndpointElicitation } from '../../../src/shared/domain/history';
import type { ElicitationRequest } from '../../../src/shared/elicitation/schema';

const FORM: ElicitationRequest = {
  requestId: 'r',
  mode: 'form',
  message: 'Which workspace?',
  requestedSchema: { properties: { seats: { type: 'integer' } } },
};
const URL_REQ: ElicitationRequest = {
  requestId: 'r',
  mode: 'url',
  message: 'Sign in',
  elicitationId: 'el-1',
  url: 'https://login.example.test/',
};

function setup(limit = 8) {
  const pushed: Array<readonly EndpointElicitation[]> = [];
  const set = new EndpointElicitations(
    (l) => pushed.push(l),
    () => 1000,
    limit,
  );
  const add = (request: ElicitationRequest) => {
    const answers: CreateElicitationResponse[] = [];
    const abort = new AbortController();
    set.add(request, abort.signal, (r) => answers.push(r));
    return { answers, abort, requestId: set.list.at(-1)?.requestId };
  };
  return { set, pushed, add };
}

describe('EndpointElicitations', () => {
  it('shows a request until answered, then forgets it', () => {
    const { set, pushed, add } = setup();
    const a = add(FORM);
    expect(set.list).toEqual([{ requestId: a.requestId, request: FORM, at: 1000 }]);
    expect(set.resolve(a.requestId!, { action: 'accept', content: { seats: 2 } })).toBe(true);
    expect(a.answers).toEqual([{ action: 'accept', content: { seats: 2 } }]);
    expect(pushed.at(-1)).toEqual([]);
    expect(set.resolve(a.requestId!, { action: 'decline' })).toBe(false);
    expect(a.answers).toHaveLength(1);
  });

  it('declines at once past its bound', () => {
    const { set, add } = setup(2);
    add(FORM);
    add(FORM);
    const third = add(FORM);
    expect(third.answers).toEqual([{ action: 'decline' }]);
    expect(set.list).toHaveLength(2);
  });

  it('an agent that withdraws its request gets cancel and the dialog goes', () => {
    const { set, add } = setup();
    const a = add(FORM);
    a.abort.abort();
    expect(a.answers).toEqual([{ action: 'cancel' }]);
    expect(set.list).toEqual([]);
  });

  it('an opened URL one waits for elicitation/complete (or for the person to stop waiting)', () => {
    const { set, add } = setup();
    const a = add(URL_REQ);
    expect(set.resolve(a.requestId!, { action: 'accept' })).toBe(true);
    expect(a.answers).toEqual([{ action: 'accept' }]);
    expect(set.list).toEqual([expect.objectContaining({ accepted: true })]);
    expect(set.complete('other')).toBe(false);
    expect(set.complete('el-1')).toBe(true);
    expect(set.list).toEqual([]);

    const b = add(URL_REQ);
    set.resolve(b.requestId!, { action: 'accept' });
    expect(set.resolve(b.requestId!, { action: 'accept' })).toBe(false);
    expect(set.resolve(b.requestId!, { action: 'cancel' })).toBe(true);
    expect(b.answers).toEqual([{ action: 'accept' }]);
    expect(set.list).toEqual([]);
  });

  it('cancelAll answers every waiting one cancel (connection lost or closed)', () => {
    const { set, add } = setup();
    const a = add(FORM);
    const b = add(URL_REQ);
    set.cancelAll();
    expect([a.answers, b.answers]).toEqual([[{ action: 'cancel' }], [{ action: 'cancel' }]]);
    expect(set.list).toEqual([]);
  });
});

describe('ElicitationRouter and request-scoped requests', () => {
  const route = (params: unknown, scoped = true) => {
    const shown: ElicitationRequest[] = [];
    const answers: CreateElicitationResponse[] = [];
    const router = new ElicitationRouter(true, scoped ? (r) => shown.push(r) : undefined);
    const arrival = router.request(params, new AbortController().signal, (r) => answers.push(r));
    return { shown, answers, arrival };
  };

  it('sends a valid one to the endpoint, not to a session', () => {
    const r = route(FORM);
    expect(r.arrival).toBeUndefined();
    expect(r.shown).toEqual([FORM]);
    expect(r.answers).toEqual([]);
  });

  it.each([
    ['an invalid one', { ...FORM, requestedSchema: { properties: { x: { type: 'file' } } } }, true],
    ['one without a requestId either', { mode: 'form', message: 'm', requestedSchema: {} }, true],
    ['any, when nothing shows them', FORM, false],
  ])('declines %s', (_name, params, scoped) => {
    const r = route(params, scoped);
    expect(r.shown).toEqual([]);
    expect(r.answers).toEqual([{ action: 'decline' }]);
  });

  it('leaves a session-scoped one to its session', () => {
    const r = route({ ...FORM, sessionId: 's1' });
    expect(r.shown).toEqual([]);
    expect(r.arrival).toMatchObject({ kind: 'elicitation', sessionId: 's1' });
  });
});

import { describe, expect, it } from 'vitest';
import { sampleEndpoint } from '../../../src/renderer/bridge/fake-data';
import { duplicateDraft } from '../../../src/renderer/state/endpoint-commands';
import { exportFile, parseImport } from '../../../src/renderer/state/endpoint-transfer';

describe('endpoint export and import with OAuth sign-in (issue 15)', () => {
  it('exports the sign-in setting without the client secret, and imports it back', () => {
    const e = sampleEndpoint({
      id: 'corp',
      name: 'Corp',
      auth: { kind: 'oauth', clientId: 'desk', hasClientSecret: true, scopes: ['acp'], flow: 'device' },
    });
    const file = exportFile([e]);
    expect(file.content).not.toContain('hasClientSecret');
    expect(file.content).not.toContain('clientSecret');
    const parsed = parseImport(file.content, []);
    expect(parsed.skipped).toEqual([]);
    expect(parsed.drafts[0]?.draft.auth).toEqual({ kind: 'oauth', clientId: 'desk', scopes: ['acp'], flow: 'device' });
  });

  it('never imports a client secret from a file', () => {
    const text = JSON.stringify([
      {
        name: 'Hand-written',
        url: 'https://agent.example.com/acp',
        auth: { kind: 'oauth', clientId: 'c', clientSecret: 'from-a-file-Xy7' },
      },
    ]);
    const parsed = parseImport(text, []);
    expect(parsed.drafts[0]?.draft.auth).toEqual({ kind: 'oauth', clientId: 'c' });
    expect(JSON.stringify(parsed)).not.toContain('from-a-file-Xy7');
  });
});

describe('duplicating an OAuth endpoint (issue 15)', () => {
  it('copies the sign-in setting but not the client secret', () => {
    const e = sampleEndpoint({
      id: 'corp',
      name: 'Corp',
      auth: { kind: 'oauth', clientId: 'desk', hasClientSecret: true, scopes: [], flow: 'auto' },
    });
    expect(duplicateDraft(e).auth).toEqual({ kind: 'oauth', clientId: 'desk', flow: 'auto' });
  });
});

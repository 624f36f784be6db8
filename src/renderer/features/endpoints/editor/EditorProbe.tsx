import { useState } from 'react';
import type { SavedEndpoint } from '../../../../shared/domain/endpoint';
import { IDLE_PROBE, type ProbeState } from '../../../state/endpoints-slice';
import { useProbe } from '../../../state/selectors';
import { useAppStore } from '../../../state/store-context';
import { Button } from '../../../ui/Button';
import { IconPlug } from '../../../ui/icons';
import { EmptyState, ErrorNote, Panel } from '../../../ui/Panel';
import { Spinner } from '../../../ui/Spinner';
import { ProbeResult } from '../ProbeResult';
import { EditorTrust } from './EditorTrust';
import { draftFromForm } from './form-model';
import { storesNetworkSecret } from './network-form';
import type { EndpointFormApi } from './use-endpoint-form';

function ProbeBody({ probe, idleText }: Readonly<{ probe: ProbeState; idleText: string }>) {
  switch (probe.status) {
    case 'idle':
      return <EmptyState title="Not tested yet">{idleText}</EmptyState>;
    case 'testing':
      return (
        <p className="probe-testing" role="status">
          <Spinner /> Running the ACP <code>initialize</code> handshake…
        </p>
      );
    case 'ok':
      return <ProbeResult probe={probe.probe} />;
    case 'error':
      return (
        <ErrorNote message={probe.message} nextStep={probe.nextStep} details={probe.details} testId="probe-error" />
      );
  }
}

/**
 * `Test connection` inside the editor. Unchanged saved settings are tested as saved (with their
 * stored secrets); anything else is tested as the draft on screen, without saving it.
 */
export function EditorProbe({ endpoint, api }: Readonly<{ endpoint: SavedEndpoint | null; api: EndpointFormApi }>) {
  const store = useAppStore();
  const saved = useProbe(endpoint?.id ?? '');
  const [draftProbe, setDraftProbe] = useState<ProbeState>(IDLE_PROBE);
  const [tested, setTested] = useState<'saved' | 'draft' | null>(null);
  const asSaved = endpoint !== null && !api.dirty;
  const probe = tested === 'saved' ? saved : tested === 'draft' ? draftProbe : IDLE_PROBE;
  const hidesSecrets =
    endpoint !== null &&
    api.dirty &&
    (endpoint.headers.some((h) => h.secret && h.hasValue) || storesNetworkSecret(endpoint.network));

  const run = async () => {
    if (asSaved) {
      setTested('saved');
      await store.commands.testEndpoint(endpoint.id);
      return;
    }
    setTested('draft');
    setDraftProbe({ status: 'testing' });
    setDraftProbe(await store.commands.testDraft(draftFromForm(api.form).draft));
  };
  const button = (
    <Button
      size="sm"
      icon={<IconPlug />}
      busy={probe.status === 'testing'}
      data-testid="test-connection"
      onClick={() => void run()}
    >
      {probe.status === 'testing' ? 'Testing…' : 'Test connection'}
    </Button>
  );
  return (
    <aside className="editor-probe" aria-label="Test connection">
      <Panel title={asSaved || !endpoint ? 'Agent' : 'Agent (unsaved changes)'} actions={button}>
        <ProbeBody
          probe={probe}
          idleText={
            endpoint
              ? 'Test the settings on screen before saving them.'
              : 'Test the new endpoint before saving it: nothing is stored by a test.'
          }
        />
        {probe.status === 'error' && probe.certificate && <EditorTrust certificate={probe.certificate} api={api} />}
        {hidesSecrets && (
          <p className="field-hint editor-probe-note">
            Stored secret values are not sent with unsaved settings. Save first to test with them.
          </p>
        )}
      </Panel>
    </aside>
  );
}

import { useCommands } from '../../state/store-context';
import { useProbe } from '../../state/selectors';
import { Button } from '../../ui/Button';
import { IconPlug } from '../../ui/icons';

export function TestConnectionButton({
  endpointId,
  variant = 'secondary',
}: Readonly<{ endpointId: string; variant?: 'primary' | 'secondary' }>) {
  const probe = useProbe(endpointId);
  const { testEndpoint } = useCommands();
  const testing = probe.status === 'testing';
  return (
    <Button
      variant={variant}
      busy={testing}
      icon={<IconPlug />}
      data-testid="test-connection"
      onClick={() => void testEndpoint(endpointId)}
    >
      {testing ? 'Testing…' : 'Test connection'}
    </Button>
  );
}

import { ErrorBoundary } from '../../ui/ErrorBoundary';
import { EndpointDetails } from '../endpoints/EndpointDetails';
import { EndpointSidebar } from '../endpoints/EndpointSidebar';
import { HostBanner } from './HostBanner';
import { StatusBar } from './StatusBar';
import { useThemeAttribute } from './use-theme-attribute';

/**
 * The window layout: sidebar (endpoints) | main (the selected endpoint; the chat view later)
 * | an optional inspector column (traffic, later), above a status bar.
 */
export function AppShell() {
  useThemeAttribute();
  return (
    <div className="shell">
      <HostBanner />
      <div className="shell-body">
        <nav className="sidebar" aria-label="Endpoints">
          <ErrorBoundary area="endpoint list">
            <EndpointSidebar />
          </ErrorBoundary>
        </nav>
        <main className="main">
          <ErrorBoundary area="endpoint view">
            <EndpointDetails />
          </ErrorBoundary>
        </main>
      </div>
      <StatusBar />
    </div>
  );
}

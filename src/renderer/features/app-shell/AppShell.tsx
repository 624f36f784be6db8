import { useSidePanelOpen } from '../../state/selectors';
import { ErrorBoundary } from '../../ui/ErrorBoundary';
import { EndpointElicitationDialog } from '../endpoints/EndpointElicitationDialog';
import { EndpointSidebar } from '../endpoints/EndpointSidebar';
import { useGlobalShortcuts } from '../navigation/use-global-shortcuts';
import { CommandPalette } from '../palette/CommandPalette';
import { HostBanner } from './HostBanner';
import { MainView } from './MainView';
import { SidebarNav } from './SidebarNav';
import { SidePanel } from './SidePanel';
import { StatusBar } from './StatusBar';
import { useFocusRescue } from './use-focus-rescue';
import { useThemeAttribute } from './use-theme-attribute';

/**
 * The window layout: sidebar (history, endpoints and their sessions) | main (chat, endpoint,
 * history) | the toggleable side panel, above a status bar. The command palette floats on top.
 */
export function AppShell() {
  useThemeAttribute();
  useGlobalShortcuts();
  useFocusRescue();
  const sidePanelOpen = useSidePanelOpen();
  return (
    <div className="shell">
      <HostBanner />
      <div className={sidePanelOpen ? 'shell-body has-side-panel' : 'shell-body'}>
        <nav className="sidebar" aria-label="Endpoints and sessions">
          <SidebarNav />
          <ErrorBoundary area="endpoint list">
            <EndpointSidebar />
          </ErrorBoundary>
        </nav>
        <main id="main" className="main" tabIndex={-1}>
          <MainView />
        </main>
        {sidePanelOpen && (
          <ErrorBoundary area="side panel">
            <SidePanel />
          </ErrorBoundary>
        )}
      </div>
      <StatusBar />
      <CommandPalette />
      <EndpointElicitationDialog />
    </div>
  );
}

/** Renderer entry: picks the bridge for this window and mounts the app (or says how to open it). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installErrorReporting } from './bridge/error-report';
import { selectBridge } from './bridge/select-bridge';
import { MissingBridge } from './features/app-shell/MissingBridge';
import './styles/index.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const selection = selectBridge();
if (selection.kind !== 'none') installErrorReporting(selection.bridge);
createRoot(container).render(
  <StrictMode>
    {selection.kind === 'none' ? (
      <MissingBridge />
    ) : (
      <App bridge={selection.bridge} hostStatus={selection.hostStatus} />
    )}
  </StrictMode>,
);

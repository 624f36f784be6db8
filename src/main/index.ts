/**
 * Composition root of the Electron host: lifecycle, security handlers, core services, IPC and
 * the window. Domain logic lives in src/core; this file only wires it (architecture §5.6).
 */
import { TrafficClient } from '../core/traffic/traffic-client';
import { acquireDataDirLock } from '../core/persistence/data-dir-lock';
import { app, BrowserWindow, clipboard, ipcMain, Menu, protocol, session, shell, type WebContents } from 'electron';
import { createAppCore, type AppCore } from '../core/app/app-core';
import { createLogger, logDirOf, logLevelFrom, type AppLog, type Logger } from '../core/log/logger';
import { startDemoAgent } from '../demo-agent/server';
import { withPeerCertificate } from '../core/transport/peer-certificate';
import { probeEndpoint } from '../core/transport/probe';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { installAppMenu } from './app-menu';
import { createAttention } from './attention';
import { createCredentialCipher } from './credentials';
import { forwardEvents } from './ipc/event-forwarder';
import { registerInvokeHandlers } from './ipc/handle';
import { installSecurityHandlers, isTrustedSender, resolveAppPage, type AppPage } from './security';
import { createDesktopSupport } from './support';
import { installSystemProxy } from './system-proxy';
import { createUpdater } from './updater';
import { presentSignIn } from './oauth-prompt';
import { createMainWindow, MAIN_DIR } from './window';

type Stop = () => Promise<void>;

/** Starts the services in dependency order and returns the one function that stops them. */
async function startServices(page: AppPage, log: AppLog): Promise<Stop> {
  const logger = log.child('main');
  const dataDir = app.getPath('userData');
  // Electron's single-instance lock covers this app; the data-folder lock also keeps out a
  // browser-mode `acp-desk web` on the same folder.
  const lock = await acquireDataDirLock(dataDir);
  const started = await startCore(dataDir, log).catch(async (e: unknown) => {
    await lock.release();
    throw e;
  });
  const { core, demo } = started;
  // Traffic records go only to the window that subscribed; a closed window releases its own.
  const traffic = new WeakMap<object, TrafficClient>();
  const trafficOf = (wc: object): TrafficClient => {
    let client = traffic.get(wc);
    if (!client) {
      const created = new TrafficClient((subscriptionId) => core.handlers['traffic:unsubscribe']({ subscriptionId }));
      traffic.set(wc, created);
      (wc as Partial<Pick<WebContents, 'once'>>).once?.('destroyed', () => created.dispose());
      client = created;
    }
    return client;
  };
  // Notifications and the dock badge exist only here: core's app:attention answers null.
  const attention = createAttention(() => BrowserWindow.getAllWindows()[0]);
  const shellHandlers = desktopShell(core, log);
  const unregister = registerInvokeHandlers(
    ipcMain,
    { ...core.handlers, ...shellHandlers, 'app:attention': (report) => attention.report(report) },
    (frame) => isTrustedSender(frame, page),
    logger.child('ipc'),
    (sender, channel, payload, result) => trafficOf(sender).observe(channel, payload, result),
  );
  const stopForwarding = forwardEvents(core.events, () => BrowserWindow.getAllWindows().map((w) => w.webContents), {
    onSendError: (channel, e) => logger.error(`could not send ${channel}`, { channel, error: e }),
    accepts: (target, channel, payload) =>
      trafficOf(target).accepts(channel, payload as Parameters<TrafficClient['accepts']>[1]),
  });
  return async () => {
    stopForwarding();
    unregister();
    attention.dispose();
    for (const r of await Promise.allSettled([core.dispose(), demo.close()])) {
      if (r.status === 'rejected') logger.error('shutdown step failed', { error: r.reason });
    }
    await lock.release();
  };
}

/**
 * What only the desktop shell can do, over core's answers: the Help menu and the palette open the
 * log folder (shell.openPath) and copy diagnostics; electron-updater checks once on start.
 */
function desktopShell(core: AppCore, log: AppLog) {
  const logger = log.child('main');
  const support = createDesktopSupport({
    shell,
    clipboard,
    logDir: log.dir,
    diagnostics: async () => (await core.handlers['app:diagnostics'](undefined)).text,
    logger,
  });
  const updater = createUpdater({
    isPackaged: app.isPackaged,
    version: app.getVersion(),
    env: process.env,
    emit: (status) => core.events.emit('app:updateChanged', status),
    logger: logger.child('updater'),
  });
  installAppMenu(Menu, {
    openLogFolder: () => void support.openLogFolder(),
    copyDiagnostics: () => void support.copyDiagnostics(),
    checkForUpdates: () => void updater.check(),
  });
  void updater.check();
  return {
    'app:openLogFolder': () => support.openLogFolder(),
    'app:checkForUpdates': () => updater.check(),
    'app:updateStatus': () => updater.status(),
  } satisfies Partial<AppCore['handlers']>;
}

async function startCore(dataDir: string, log: AppLog) {
  const cipher = await createCredentialCipher({ dataDir, logger: log.child('main') });
  const demo = await startDemoAgent({ host: '127.0.0.1', port: 0 });
  const core = await createAppCore({
    dataDir,
    cipher,
    host: 'electron',
    version: app.getVersion(),
    demoAgentUrl: demo.url,
    probe: withPeerCertificate((endpoint, auth) => probeEndpoint(endpoint, undefined, auth)),
    // OAuth (issue 15): a sign-in page opens in the system browser.
    presentSignIn: presentSignIn(log.child('main')),
    logger: log,
  }).catch(async (e: unknown) => {
    await demo.close();
    throw e;
  });
  return { core, demo };
}

function openWindow(page: AppPage, logger: Logger): void {
  createMainWindow(page, (e) => logger.error('could not load the UI', { error: e }));
}

function focusExistingWindow(): void {
  const window = BrowserWindow.getAllWindows()[0];
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  // One log per data folder (<userData>/logs/acp-desk.log); warnings also on stderr for `npm start`.
  const log = createLogger({
    dir: logDirOf(app.getPath('userData')),
    level: logLevelFrom(process.env['ACP_DESK_LOG_LEVEL']),
    echo: { level: 'warn', write: (line) => process.stderr.write(`${line}\n`) },
  });
  const logger = log.child('main');
  // Scheme privileges can only be granted before `ready`.
  registerAppScheme(protocol);
  const page = resolveAppPage(MAIN_DIR, app.isPackaged, process.env['ELECTRON_RENDERER_URL']);
  let stop: Stop | null = null;
  let quitState: 'running' | 'stopping' | 'stopped' = 'running';

  app.on('second-instance', focusExistingWindow);
  app.on('window-all-closed', () => app.quit());
  // Dispose once: hold the quit until sessions and the demo agent are closed, then quit again.
  app.on('before-quit', (event) => {
    if (stop === null || quitState === 'stopped') return;
    event.preventDefault();
    if (quitState === 'stopping') return;
    quitState = 'stopping';
    void stop().finally(() => {
      quitState = 'stopped';
      app.quit();
    });
  });

  app
    .whenReady()
    .then(async () => {
      installSecurityHandlers(app, session.defaultSession, page, logger);
      installSystemProxy(session.defaultSession);
      if (page.rendererDir !== null) serveAppScheme(protocol, page.rendererDir);
      logger.info('ACP Desk started', { version: app.getVersion(), electron: process.versions['electron'] ?? null });
      stop = await startServices(page, log);
      openWindow(page, logger);
    })
    .catch((e: unknown) => {
      logger.error('ACP Desk failed to start', { error: e });
      app.exit(1);
    });
}

main();

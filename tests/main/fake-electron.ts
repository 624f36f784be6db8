/**
 * An in-memory stand-in for the `electron` module (the real one tries to download a binary).
 * Test files mock 'electron' with `fakeElectron()` and import `fake` to drive and inspect it;
 * both resolve to this one module instance. Call `resetFake()` in beforeEach.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  destroyed = false;
  readonly sent: Array<[string, unknown]> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, payload: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((w) => !w.webContents.destroyed);
  }
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  shown = false;
  focused = false;
  /** Whether the window has focus now (`focus()` sets `focused`, which records the call). */
  hasFocus = true;
  minimized = false;
  flashed: boolean[] = [];
  constructor(readonly options: { webPreferences?: Record<string, unknown>; [k: string]: unknown }) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isFocused(): boolean {
    return this.hasFocus;
  }
  flashFrame(flag: boolean): void {
    this.flashed.push(flag);
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.webContents.destroyed;
  }
  async loadFile(path: string): Promise<void> {
    this.loaded.push(`file:${path}`);
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
}

class FakeApp extends EventEmitter {
  userData = '/tmp/acp-desk-fake';
  isPackaged = false;
  singleInstance = true;
  /** Set once `whenReady()` has been awaited, like the real app's `ready`. */
  ready = false;
  readonly whenReady = vi.fn(async () => {
    this.ready = true;
  });
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  readonly enableSandbox = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => this.singleInstance);
  readonly setBadgeCount = vi.fn((_count?: number) => true);
  getPath(_name: string): string {
    return this.userData;
  }
  getVersion(): string {
    return '9.9.9-test';
  }
}

/** OS notifications: every one made is kept in `FakeNotification.all`; `click()` fires its click. */
export class FakeNotification extends EventEmitter {
  static all: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  shown = false;
  closed = false;
  constructor(readonly options: { title?: string; body?: string }) {
    super();
    FakeNotification.all.push(this);
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', {});
  }
  click(): void {
    this.emit('click', {});
  }
}

function fakeSession() {
  const handlers: Record<string, Listener | null> = {};
  return {
    handlers,
    setPermissionRequestHandler: vi.fn((h: Listener) => (handlers.request = h)),
    setPermissionCheckHandler: vi.fn((h: Listener) => (handlers.check = h)),
    webRequest: { onHeadersReceived: vi.fn((h: Listener) => (handlers.headers = h)) },
    resolveProxy: vi.fn(async (_url: string) => 'DIRECT'),
  };
}

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: vi.fn((channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
}

function fakeProtocol() {
  const handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  return {
    handlers,
    registerSchemesAsPrivileged: vi.fn((_schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>) => {
      if (fake.app.ready) throw new Error('registerSchemesAsPrivileged must be called before app is ready');
    }),
    handle: vi.fn((scheme: string, handler: (request: Request) => Response | Promise<Response>) => {
      if (handlers.has(scheme)) throw new Error(`The scheme has been registered: ${scheme}`);
      handlers.set(scheme, handler);
    }),
  };
}

function fakeIpcRenderer() {
  const emitter = new EventEmitter();
  return {
    emitter,
    invoke: vi.fn(async (channel: string, payload?: unknown) => ({ ok: true, value: { channel, payload } })),
    on: vi.fn((channel: string, l: Listener) => emitter.on(channel, l)),
    removeListener: vi.fn((channel: string, l: Listener) => emitter.removeListener(channel, l)),
  };
}

function build() {
  return {
    app: new FakeApp(),
    session: { defaultSession: fakeSession() },
    ipcMain: fakeIpcMain(),
    protocol: fakeProtocol(),
    ipcRenderer: fakeIpcRenderer(),
    exposed: new Map<string, unknown>(),
    shell: {
      openExternal: vi.fn(async (_url: string) => undefined),
      /** Like Electron's: '' when the folder opened, else the error message. */
      openPath: vi.fn(async (_path: string) => ''),
    },
    clipboard: { writeText: vi.fn(async (_text: string) => undefined) },
    /** The application menu: `built` holds each template passed to buildFromTemplate. */
    menu: {
      built: [] as unknown[][],
      current: null as unknown,
      buildFromTemplate: vi.fn((template: unknown[]) => {
        fake.menu.built.push(template);
        return { template };
      }),
      setApplicationMenu: vi.fn((m: unknown) => (fake.menu.current = m)),
    },
    safeStorage: {
      backend: 'gnome_libsecret' as string,
      available: true,
      isAsyncEncryptionAvailable: vi.fn(async () => fake.safeStorage.available),
      getSelectedStorageBackend: vi.fn(() => fake.safeStorage.backend),
      encryptStringAsync: vi.fn(async (plain: string) => Buffer.from(`sealed:${plain}`, 'utf8')),
      decryptStringAsync: vi.fn(async (b: Buffer) => ({
        result: b.toString('utf8').replace(/^sealed:/, ''),
        shouldReEncrypt: false,
      })),
    },
    nativeTheme: { shouldUseDarkColors: true },
  };
}

/** The live fake; its members are replaced by `resetFake()`, so read them after the reset. */
export const fake = build();

export function resetFake(): void {
  Object.assign(fake, build());
  FakeBrowserWindow.all = [];
  FakeNotification.all = [];
  FakeNotification.supported = true;
}

/** The object `vi.mock('electron', …)` returns; getters so a reset is seen by the code under test. */
export function fakeElectron() {
  return {
    get app() {
      return fake.app;
    },
    get session() {
      return fake.session;
    },
    get ipcMain() {
      return fake.ipcMain;
    },
    get ipcRenderer() {
      return fake.ipcRenderer;
    },
    get protocol() {
      return fake.protocol;
    },
    get shell() {
      return fake.shell;
    },
    get safeStorage() {
      return fake.safeStorage;
    },
    get nativeTheme() {
      return fake.nativeTheme;
    },
    get clipboard() {
      return fake.clipboard;
    },
    get Menu() {
      return fake.menu;
    },
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => fake.exposed.set(name, api) },
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification,
  };
}

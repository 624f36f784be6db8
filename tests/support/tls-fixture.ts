/**
 * Certificates made with `openssl` during the test run (never committed): a private CA, a
 * server certificate it signed for 127.0.0.1/localhost, an expired one, two self-signed ones
 * (for pin match and mismatch), and a client certificate as PEM and as a PKCS#12 bundle.
 *
 * Made once per machine and day, not once per test file: the set is kept in the temp
 * directory (written atomically) and reused while it has more than a day to live, so a busy
 * machine does not spend a test hook's budget on a dozen `openssl` runs in every file.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface KeyPair {
  readonly key: string;
  readonly cert: string;
  /** SHA-256 fingerprint as Node prints it (AA:BB:…). */
  readonly sha256: string;
}

export interface TlsFixture {
  readonly ca: KeyPair;
  readonly server: KeyPair;
  readonly expired: KeyPair;
  /** Signed by the CA, but for other.test only. */
  readonly wrongHost: KeyPair;
  readonly selfSigned: KeyPair;
  readonly otherSelfSigned: KeyPair;
  readonly client: KeyPair;
  /** The client certificate and key as PKCS#12, sealed with `pfxPassphrase`. */
  readonly clientPfx: Buffer;
  readonly pfxPassphrase: string;
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const SAN = 'subjectAltName=IP:127.0.0.1,DNS:localhost';

const CACHE_DIR = path.join(os.tmpdir(), 'acp-desk-tls-fixture');
const CACHE_FILE = path.join(CACHE_DIR, 'fixture-v1.json');
const DAY_MS = 24 * 60 * 60 * 1000;

type Stored = Omit<TlsFixture, 'clientPfx'> & { readonly clientPfx: string };

function cached(): TlsFixture | undefined {
  let stored: Stored;
  try {
    stored = JSON.parse(readFileSync(CACHE_FILE, 'utf8')) as Stored;
  } catch {
    return undefined; // none yet, or half-readable: make a new one
  }
  // Every certificate but the expired one must outlive the run by a day.
  const live = [stored.ca, stored.server, stored.wrongHost, stored.selfSigned, stored.otherSelfSigned, stored.client];
  if (live.some((p) => new Date(new X509Certificate(p.cert).validTo).getTime() < Date.now() + DAY_MS)) return undefined;
  return { ...stored, clientPfx: Buffer.from(stored.clientPfx, 'base64') };
}

function store(fx: TlsFixture): void {
  mkdirSync(CACHE_DIR, { recursive: true, mode: 0o700 });
  const tmp = `${CACHE_FILE}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ ...fx, clientPfx: fx.clientPfx.toString('base64') }), { mode: 0o600 });
  renameSync(tmp, CACHE_FILE); // atomic: a reader sees the old set or the new one
}

export function makeTlsFixture(): TlsFixture {
  const reuse = cached();
  if (reuse) return reuse;
  const fx = generateTlsFixture();
  store(fx);
  return fx;
}

function generateTlsFixture(): TlsFixture {
  if (!hasOpenssl()) throw new Error('openssl is not installed; install it to run the TLS tests');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-net-tls-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  const pair = (name: string): KeyPair => {
    const cert = read(`${name}.pem`);
    return { key: read(`${name}.key`), cert, sha256: new X509Certificate(cert).fingerprint256 };
  };
  // EC keys: much faster to make than RSA on a busy machine.
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const selfSigned = (name: string, cn: string) =>
    run(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      SAN,
    );
  const csr = (name: string, cn: string) =>
    run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
  try {
    run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=ACP Desk Test CA');
    writeFileSync(path.join(dir, 'server.ext'), `${SAN}\nextendedKeyUsage=serverAuth\n`);
    writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
    writeFileSync(path.join(dir, 'other.ext'), 'subjectAltName=DNS:other.test\nextendedKeyUsage=serverAuth\n');
    const sign = (name: string, ext: string) =>
      run(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        '-extfile',
        ext,
      );
    csr('server', 'localhost');
    sign('server', 'server.ext');
    csr('wrong', 'other.test');
    sign('wrong', 'other.ext');
    csr('client', 'acp-desk-test-client');
    sign('client', 'client.ext');
    // `openssl ca` is the way to give a certificate dates in the past.
    csr('expired', 'localhost');
    writeFileSync(path.join(dir, 'index.txt'), '');
    writeFileSync(path.join(dir, 'serial'), '1000\n');
    writeFileSync(
      path.join(dir, 'ca.cnf'),
      [
        '[ca]',
        'default_ca=d',
        '[d]',
        `database=${dir}/index.txt`,
        `new_certs_dir=${dir}`,
        `serial=${dir}/serial`,
        'default_md=sha256',
        'policy=p',
        'unique_subject=no',
        'copy_extensions=none',
        'x509_extensions=x',
        '[p]',
        'commonName=supplied',
        '[x]',
        SAN,
        '',
      ].join('\n'),
    );
    run(
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-cert',
      'ca.pem',
      '-keyfile',
      'ca.key',
      '-in',
      'expired.csr',
      '-out',
      'expired.pem',
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200102000000Z',
      '-notext',
    );
    selfSigned('self', 'localhost');
    selfSigned('other', 'localhost');
    const pfxPassphrase = 'pfx-passphrase-7f3a';
    run(
      'pkcs12',
      '-export',
      '-inkey',
      'client.key',
      '-in',
      'client.pem',
      '-out',
      'client.p12',
      '-passout',
      `pass:${pfxPassphrase}`,
    );
    return {
      ca: pair('ca'),
      server: pair('server'),
      expired: pair('expired'),
      wrongHost: pair('wrong'),
      selfSigned: pair('self'),
      otherSelfSigned: pair('other'),
      client: pair('client'),
      clientPfx: readFileSync(path.join(dir, 'client.p12')),
      pfxPassphrase,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

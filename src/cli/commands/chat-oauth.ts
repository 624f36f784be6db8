/**
 * `acp-desk chat --oauth`: the OAuth client for the chat's URL, its grant cached sealed in the
 * data folder (`oauth-grants.json`, encrypted with the folder's secret key). Before connecting,
 * a cached grant is reused (refreshed when due); without one, the endpoint is asked once without
 * credentials and its 401 Bearer challenge starts the sign-in: the device grant when the server
 * offers it, else the authorization URL printed on stderr and a wait on the loopback redirect.
 * Later, a 401 the refresh cannot fix signs in again the same way. Prompts go to stderr, so
 * stdout stays the chat's output (plain or --json).
 */
import path from 'node:path';
import { createFileKeyCipher } from '../../core/endpoints/secret-store';
import { parseBearerChallenge } from '../../core/oauth/challenge';
import { createOAuthClient, type OAuthClientHandle } from '../../core/oauth/client';
import { createFileVault } from '../../core/oauth/file-vault';
import type { OAuthStatus, SignInPrompt } from '../../core/oauth/types';
import type { FetchLike } from '../../core/transport/link';
import type { TransportAuth } from '../../core/transport/transport-options';
import type { CliIo } from '../args';

export const OAUTH_VAULT_FILE = 'oauth-grants.json';

export interface ChatOAuth {
  readonly client: OAuthClientHandle;
  /** For createAcpTransport: the cached bearer, and a new sign-in when a 401 cannot be refreshed. */
  readonly auth: TransportAuth;
  /** Before connecting: a usable grant, or a sign-in if the endpoint asks for one. */
  prepare(): Promise<void>;
}

function minutes(ms: number): string {
  const m = Math.max(1, Math.round(ms / 60_000));
  return m === 1 ? '1 minute' : `${m} minutes`;
}

export function describePrompt(p: SignInPrompt, now = Date.now()): string {
  if (p.kind === 'browser') return `acp-desk chat: to sign in, open this URL in a browser:\n  ${p.url}\n`;
  const where = p.verificationUriComplete ?? p.verificationUri;
  return (
    `acp-desk chat: to sign in, open ${where}\n` +
    `  and enter the code ${p.userCode} (valid for ${minutes(p.expiresAt - now)})\n`
  );
}

export function describeStatus(s: OAuthStatus): string {
  if (!s.signedIn) return 'acp-desk chat: signed out\n';
  const who = s.account ? ` as ${s.account}` : '';
  const until = s.expiresAt ? `, expires ${new Date(s.expiresAt).toISOString()}` : '';
  return `acp-desk chat: signed in${who}${until}\n`;
}

export async function createChatOAuth(url: string, dataDir: string, fetch: FetchLike, io: CliIo): Promise<ChatOAuth> {
  const cipher = await createFileKeyCipher(dataDir);
  const vault = createFileVault(path.join(dataDir, OAUTH_VAULT_FILE), cipher);
  const client = createOAuthClient({
    resourceUrl: url,
    config: { flow: 'auto' },
    vault,
    vaultKey: url,
    fetch,
    browser: false,
  });
  const cancel = new AbortController();
  void io.interrupted.then(() => cancel.abort());

  const signIn = async (challenge: string | null) => {
    const status = await client.signIn({
      challenge,
      signal: cancel.signal,
      present: (p) => void io.stderr.write(describePrompt(p)),
    });
    io.stderr.write(describeStatus(status));
  };
  const base = client.transportAuth();
  const auth: TransportAuth = {
    header: () => base.header(),
    async unauthorized(challenge) {
      if (await base.unauthorized(challenge)) return true;
      if (!parseBearerChallenge(challenge) || cancel.signal.aborted) return false;
      await signIn(challenge);
      return true;
    },
  };
  return {
    client,
    auth,
    async prepare() {
      await client.ready();
      if (await base.header()) return;
      // Ask the endpoint once without credentials: its 401 says where to sign in (RFC 9728).
      const response = await fetch(url, {
        method: 'GET',
        headers: { accept: 'text/event-stream' },
        signal: cancel.signal,
      });
      await response.body?.cancel().catch(() => undefined);
      const challenge = response.headers.get('www-authenticate');
      if (response.status !== 401 || !parseBearerChallenge(challenge)) return; // nothing asks for a sign-in
      await signIn(challenge);
    },
  };
}

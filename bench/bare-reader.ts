/**
 * The benchmark's floor: the least code that can run one ACP turn over Streamable HTTP.
 * No reconnects, no limits, no validation, no cookies: fetch, split on "\n\n", JSON.parse.
 */
type Stamp = (text: string, into: number[]) => void;

export async function bareTurn(
  url: string,
  prompt: string,
  stamp: Stamp,
): Promise<{ updates: number; ms: number; latenciesMs: number[] }> {
  const post = (body: object, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const init = await post({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: 1, clientCapabilities: {} },
  });
  const conn = init.headers.get('acp-connection-id')!;
  await init.text();
  const waiters = new Map<number, (v: unknown) => void>();
  const latenciesMs: number[] = [];
  let updates = 0;
  const aborts: AbortController[] = [];
  const read = async (headers: Record<string, string>) => {
    const abort = new AbortController();
    aborts.push(abort);
    const res = await fetch(url, {
      headers: { accept: 'text/event-stream', 'acp-connection-id': conn, ...headers },
      signal: abort.signal,
    });
    void (async () => {
      const decoder = new TextDecoder();
      let buf = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buf += decoder.decode(chunk, { stream: true });
          let start = 0;
          let i;
          while ((i = buf.indexOf('\n\n', start)) >= 0) {
            const isData = buf.startsWith('data: ', start);
            const line = isData ? buf.slice(start + 6, i) : '';
            start = i + 2;
            if (!isData) continue;
            const m = JSON.parse(line);
            if (m.method === 'session/update') {
              updates++;
              stamp(m.params.update.content.text, latenciesMs);
            } else if (m.id !== undefined) waiters.get(m.id)?.(m.result);
          }
          buf = buf.slice(start);
        }
      } catch {
        // aborted at the end
      }
    })();
  };
  await read({});
  const req = <T = unknown>(id: number, method: string, params: object, headers: Record<string, string> = {}) =>
    new Promise<T>((resolve) => {
      waiters.set(id, resolve as (v: unknown) => void);
      void post({ jsonrpc: '2.0', id, method, params }, { 'acp-connection-id': conn, ...headers }).then((r) =>
        r.text(),
      );
    });
  const { sessionId } = await req<{ sessionId: string }>(2, 'session/new', { cwd: '/', mcpServers: [] });
  await read({ 'acp-session-id': sessionId });
  const t0 = performance.now();
  await req(
    3,
    'session/prompt',
    { sessionId, prompt: [{ type: 'text', text: prompt }] },
    { 'acp-session-id': sessionId },
  );
  const ms = performance.now() - t0;
  for (const a of aborts) a.abort();
  await fetch(url, { method: 'DELETE', headers: { 'acp-connection-id': conn } })
    .then((r) => r.text())
    .catch(() => undefined);
  return { updates, ms, latenciesMs };
}

/** A response read whole: status, content type and the parsed JSON body (undefined when not JSON). */
export interface Answer<T = unknown> {
  readonly status: number;
  readonly contentType: string;
  readonly body: T;
}

/** A JSON request to a Parley server with a bearer token; `timeoutMs` bounds a hanging answer. */
export async function call<T = any>(
  baseUrl: string,
  path: string,
  options: { token?: string; method?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const body = contentType.includes('json') && text !== '' ? (JSON.parse(text) as T) : (undefined as T);
  return { status: response.status, contentType, body };
}

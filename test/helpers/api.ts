/** Calling /api over real HTTP in tests: JSON in, status, headers and parsed JSON out. */
export interface ApiReply {
  status: number;
  headers: Headers;
  body: any;
}

export async function apiCall(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiReply> {
  const response = await fetch(`${base}/api${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** POSTs and returns the created entity, failing loudly (with the server's answer) when it was not created. */
export async function apiCreate(base: string, path: string, body: unknown): Promise<any> {
  const reply = await apiCall(base, 'POST', path, body);
  if (reply.status !== 201) throw new Error(`POST ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** The server's readiness report (GET /health/ready), as the UI shows it. */
export interface Readiness {
  status: 'ready' | 'not-ready';
  checks: Record<string, { status: 'up' | 'down'; detail?: string }>;
}

export async function fetchReadiness(signal?: AbortSignal): Promise<Readiness> {
  const response = await fetch('/health/ready', { signal, headers: { Accept: 'application/json' } });
  return (await response.json()) as Readiness;
}

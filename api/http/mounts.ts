/** Where the server's own modules are mounted: metrics label routes by them, the UI never shadows them. */
export const MODULE_MOUNTS = ['/api', '/fhir', '/auth', '/mediators'] as const;
export const PLATFORM_PATHS = ['/health', '/metrics'] as const;

/** The mount (or platform path) a request path falls under, if any. */
export function mountOf(path: string, mounts: readonly string[] = MODULE_MOUNTS): string | undefined {
  return mounts.find((mount) => path === mount || path.startsWith(`${mount}/`));
}

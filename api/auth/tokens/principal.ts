/** Who is calling: a user (browser session or user token) or a machine client (client credentials). */
export type Principal =
  | { kind: 'user'; userId: string; username: string }
  | { kind: 'client'; clientId: string; scopes: string[]; ownerRegistry?: string };

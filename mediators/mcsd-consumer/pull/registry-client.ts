/**
 * Reading pages from a supplier with fhir-kit-client: credentials on every request, retries of
 * transient failures, one fresh token after a 401, and the supplier's clock (the `Date` header)
 * alongside each page.
 */
import { Client } from 'fhir-kit-client';
import { statusOf, withRetries, type RetryContext } from './retry.js';
import type { SourceCredentials } from './source-auth.js';

export interface FetchedPage {
  /** The parsed JSON (not yet known to be a Bundle). */
  body: unknown;
  /** The supplier's `Date` header, when it sent one. */
  date?: Date;
}

export class RegistryClient {
  private readonly client: Client;
  private readonly origin: string;

  constructor(
    readonly baseUrl: string,
    private readonly credentials: SourceCredentials,
    private readonly retry: RetryContext,
  ) {
    this.client = new Client({ baseUrl });
    this.origin = new URL(baseUrl).origin;
  }

  async get(url: string): Promise<FetchedPage> {
    const target = this.onSupplier(url);
    return withRetries(async (signal) => {
      try {
        return await this.fetch(target, await this.credentials.headers(), signal);
      } catch (error) {
        if (statusOf(error) !== 401 || !this.credentials.renewable) throw error;
        return this.fetch(target, await this.credentials.headers(true), signal);
      }
    }, this.retry);
  }

  /**
   * Links are followed on the configured origin: suppliers behind a proxy often advertise their
   * internal host name in `next` links, and credentials must never go to another host anyway.
   */
  onSupplier(url: string): string {
    const absolute = new URL(url, `${this.baseUrl}/`);
    if (absolute.origin === this.origin) return absolute.toString();
    return `${this.origin}${absolute.pathname}${absolute.search}`;
  }

  private async fetch(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<FetchedPage> {
    const body = await this.client.request(url, { options: { headers, signal } });
    const date = Client.httpFor(body).response?.headers.get('date');
    return { body, date: date ? validDate(date) : undefined };
  }
}

function validDate(text: string): Date | undefined {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

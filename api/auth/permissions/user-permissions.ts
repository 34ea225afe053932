/**
 * A user's effective permissions, computed once and asked many times (per request, never per row).
 * Each grant is OpenLMIS's right assignment: a right alone (administration, reporting), a right
 * at a facility (fulfillment: a warehouse), or a right at a facility for a program (supervision).
 * As permission strings: `RIGHT`, `RIGHT|facilityId`, `RIGHT|facilityId|programId`.
 */
import crypto from 'node:crypto';
import type { RightName } from '../rights/right-catalogue.js';

export interface Grant {
  right: RightName;
  facilityId?: string;
  programId?: string;
}

export interface PermissionScope {
  programId?: string;
  facilityId?: string;
}

/** The program key of a grant that holds at a facility for every program (fulfillment). */
const ANY_PROGRAM = '';

export class UserPermissions {
  private readonly global = new Set<RightName>();
  /** right → facility → programs (ANY_PROGRAM for a grant without one). */
  private readonly scoped = new Map<RightName, Map<string, Set<string>>>();

  constructor(
    readonly userId: string,
    grants: Iterable<Grant>,
  ) {
    for (const grant of grants) this.add(grant);
  }

  static none(userId: string): UserPermissions {
    return new UserPermissions(userId, []);
  }

  /**
   * Whether the user holds `right` in the scope: a right held everywhere holds in any scope; a
   * fulfillment grant holds at its warehouse for any program; a scope that names only a program
   * (or only a facility) asks "at some facility for it" (or "for some program there").
   */
  has(right: RightName, scope: PermissionScope = {}): boolean {
    if (this.global.has(right)) return true;
    const facilities = this.scoped.get(right);
    if (!facilities) return false;
    const fits = (programs: Set<string>) => scope.programId === undefined || programs.has(scope.programId) || programs.has(ANY_PROGRAM);
    if (scope.facilityId !== undefined) {
      const programs = facilities.get(scope.facilityId);
      return programs !== undefined && fits(programs);
    }
    return [...facilities.values()].some(fits);
  }

  /** The facilities where the user holds `right` (for `programId`, when given); none for a right held everywhere. */
  facilitiesFor(right: RightName, programId?: string): string[] {
    const facilities = this.scoped.get(right) ?? new Map<string, Set<string>>();
    const ids = [...facilities].filter(([, programs]) => programId === undefined || programs.has(programId) || programs.has(ANY_PROGRAM)).map(([id]) => id);
    return ids.sort();
  }

  /** The programs for which the user holds `right` (at `facilityId`, when given). */
  programsFor(right: RightName, facilityId?: string): string[] {
    const facilities = this.scoped.get(right) ?? new Map<string, Set<string>>();
    const sets = facilityId === undefined ? [...facilities.values()] : [facilities.get(facilityId) ?? new Set<string>()];
    const programs = new Set(sets.flatMap((set) => [...set]).filter((id) => id !== ANY_PROGRAM));
    return [...programs].sort();
  }

  /** Every permission string, sorted. */
  strings(): string[] {
    const strings: string[] = [...this.global];
    for (const [right, facilities] of this.scoped) {
      for (const [facilityId, programs] of facilities) {
        for (const programId of programs) strings.push(programId === ANY_PROGRAM ? `${right}|${facilityId}` : `${right}|${facilityId}|${programId}`);
      }
    }
    return strings.sort();
  }

  /** A strong validator of the set (OpenLMIS's permission strings ETag): the same set, the same tag. */
  etag(): string {
    return `"${crypto.createHash('sha256').update(this.strings().join('\n')).digest('base64url')}"`;
  }

  private add({ right, facilityId, programId }: Grant): void {
    if (facilityId === undefined) {
      this.global.add(right);
      return;
    }
    const facilities = this.scoped.get(right) ?? new Map<string, Set<string>>();
    this.scoped.set(right, facilities);
    const programs = facilities.get(facilityId) ?? new Set<string>();
    facilities.set(facilityId, programs);
    programs.add(programId ?? ANY_PROGRAM);
  }
}

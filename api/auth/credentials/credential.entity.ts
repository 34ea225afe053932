/**
 * A user's password for the embedded identity provider, with the state that slows and locks
 * repeated failures. Users logging in through an external identity provider have none.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'user_credentials' })
export class UserCredential {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** argon2id, with its parameters (see passwords.ts). */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  /** Failures since the last successful login or lock. */
  @Column({ name: 'failed_attempts', type: 'integer' })
  failedAttempts!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'password_changed_at', type: 'timestamptz' })
  passwordChangedAt!: Date;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  /** The password is a well-known default (the demo's `password`): production refuses to start with one. */
  @Column({ name: 'default_password', type: 'boolean' })
  defaultPassword!: boolean;
}

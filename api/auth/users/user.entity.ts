/**
 * A person who uses Lastmile (OpenLMIS's user): identity and contact details, a home facility
 * (a Location id), and whether they may log in. Credentials are not here: the embedded identity
 * provider keeps passwords in its own table, and an external provider keeps none of ours.
 */
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique regardless of case; logins match it case-insensitively. */
  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'first_name', type: 'text', nullable: true })
  firstName!: string | null;

  @Column({ name: 'last_name', type: 'text', nullable: true })
  lastName!: string | null;

  /** Unique regardless of case when set; an external identity provider may map users by it. */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ name: 'email_verified', type: 'boolean' })
  emailVerified!: boolean;

  @Column({ name: 'phone_number', type: 'text', nullable: true })
  phoneNumber!: string | null;

  @Column({ name: 'job_title', type: 'text', nullable: true })
  jobTitle!: string | null;

  /** An inactive user cannot log in and holds no rights. */
  @Column({ type: 'boolean' })
  active!: boolean;

  /** OpenLMIS's "login restricted": the account exists (e.g. for a report) but may not log in. */
  @Column({ name: 'login_restricted', type: 'boolean' })
  loginRestricted!: boolean;

  /** The facility (Location id) home-facility supervision roles apply to. */
  @Column({ name: 'home_facility_id', type: 'text', nullable: true })
  homeFacilityId!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

// Table types for Kysely. Times are integer milliseconds since the epoch; booleans are 0/1 integers;
// scope lists are comma-separated text. Kept dialect-neutral so PostgreSQL can take the same schema.
import type { Generated } from 'kysely';

export interface DevelopersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: number;
}

export interface FbAppsTable {
  app_id: string;
  owner_id: string;
  name: string;
  app_type: string;
  contact_email: string;
  mode: string;
  api_version: string;
  privacy_policy_url: string | null;
  site_url: string | null;
  secret_encrypted: string;
  created_at: number;
}

export interface IgAppsTable {
  ig_app_id: string;
  fb_app_id: string;
  display_name: string;
  secret_encrypted: string;
  deauthorize_url: string | null;
  data_deletion_url: string | null;
  /** Skip the consent screen in emulator mode (0/1; migration 0008). */
  auto_consent: Generated<number>;
  created_at: number;
}

export interface RedirectUrisTable {
  ig_app_id: string;
  position: number;
  uri: string;
}

export interface PermissionReviewsTable {
  ig_app_id: string;
  permission: string;
  status: string;
  updated_at: number;
}

export interface AccountsTable {
  id: string;
  username: string;
  full_name: string;
  password_hash: string;
  account_type: string;
  is_private: number;
  password_changed_at: number;
  created_at: number;
}

export interface SessionsTable {
  id_hash: string;
  subject_kind: string;
  subject_id: string;
  created_at: number;
  expires_at: number;
}

export interface SignInFailuresTable {
  id: Generated<number>;
  throttle_key: string;
  failed_at: number;
}

export interface TestersTable {
  ig_app_id: string;
  account_id: string;
  status: string;
  invited_at: number;
  updated_at: number;
}

export interface AppScopedIdsTable {
  ig_app_id: string;
  account_id: string;
  asid: string;
}

export interface GrantsTable {
  ig_app_id: string;
  account_id: string;
  scopes: string;
  status: string;
  created_at: number;
  updated_at: number;
  last_used_at: number;
}

export interface AuthCodesTable {
  code_hash: string;
  ig_app_id: string;
  account_id: string;
  redirect_uri: string;
  scopes: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface TokensTable {
  token_hash: string;
  ig_app_id: string;
  account_id: string;
  kind: string;
  scopes: string;
  code_hash: string | null;
  issued_at: number;
  expires_at: number;
  /** The last refresh, which extended expires_at (null until refreshed). */
  refreshed_at: number | null;
  revoked_at: number | null;
  revoked_reason: string | null;
}

export interface MediaTable {
  id: string;
  account_id: string;
  parent_id: string | null;
  media_type: string;
  caption: string | null;
  shortcode: string;
  /** Order among an album's children; 0 for top-level media. */
  position: number;
  /** Blob key of the image (JPEG) or video (MP4); an album's is its first child's. */
  media_key: string;
  /** Blob key of a video's poster frame (JPEG). */
  thumbnail_key: string | null;
  width: number;
  height: number;
  is_reel: number;
  is_shared_to_feed: number;
  /** Copyrighted or flagged: Graph omits permalink and media_url (spec §4.5). */
  copyright_flagged: number;
  taken_at: number;
  created_at: number;
}

export interface AppProductsTable {
  app_id: string;
  product: string;
  added_at: number;
}

export interface TokenGeneratorRequestsTable {
  state_hash: string;
  ig_app_id: string;
  developer_id: string;
  account_id: string;
  redirect_uri: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** Deauthorize and Data Deletion callbacks waiting for, or done with, delivery. */
export interface CallbackOutboxTable {
  id: string;
  ig_app_id: string;
  /** `deauthorize` or `data_deletion`. */
  kind: string;
  url: string;
  /** The signed_request payload (JSON); it is signed when sent, with the app's secret of that moment. */
  payload: string;
  /** `pending`, `delivered` or `failed` (no attempts left). */
  status: string;
  attempts: number;
  next_attempt_at: number;
  /** A worker holding the row until then; others skip it. */
  claimed_until: number;
  last_attempt_at: number | null;
  /** `HTTP 200`, `could not connect (ECONNREFUSED)`, `no answer within 5 s`, …: what the last attempt got. */
  last_result: string | null;
  /** From a data deletion callback's answer (spec §7). */
  confirmation_code: string | null;
  status_url: string | null;
  created_at: number;
}

/** One row (id 1): how far the emulator's virtual clock is ahead of the wall clock. */
export interface VirtualClockTable {
  id: number;
  offset_ms: number;
  /** Wall-clock time of the last move. */
  updated_at: number;
}

/** Calls of one user (or, with account_id '', of the whole app) in one minute of the (virtual) clock. */
export interface RateLimitCallsTable {
  ig_app_id: string;
  account_id: string;
  /** floor(clock time / 60 000). */
  minute: number;
  calls: number;
  /** The time the app's calls took (X-App-Usage total_time); 0 on users' rows. */
  time_ms: number;
}

/** A user whose call an app's limits admitted, and when last: the app's users active in the last day. */
export interface RateLimitUsersTable {
  ig_app_id: string;
  account_id: string;
  last_call: number;
}

export interface Database {
  developers: DevelopersTable;
  fb_apps: FbAppsTable;
  ig_apps: IgAppsTable;
  redirect_uris: RedirectUrisTable;
  permission_reviews: PermissionReviewsTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  sign_in_failures: SignInFailuresTable;
  testers: TestersTable;
  app_scoped_ids: AppScopedIdsTable;
  grants: GrantsTable;
  auth_codes: AuthCodesTable;
  tokens: TokensTable;
  media: MediaTable;
  app_products: AppProductsTable;
  token_generator_requests: TokenGeneratorRequestsTable;
  callback_outbox: CallbackOutboxTable;
  virtual_clock: VirtualClockTable;
  rate_limit_calls: RateLimitCallsTable;
  rate_limit_users: RateLimitUsersTable;
}

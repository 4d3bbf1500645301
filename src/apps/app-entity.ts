// Facebook apps and the Instagram app that the Basic Display product adds to them (spec §1.1–1.4).
import { DomainError } from '../domain-error.ts';

export type AppType = 'consumer' | 'none' | 'business';
export const APP_TYPES: readonly AppType[] = ['consumer', 'none', 'business'];
export type AppMode = 'development' | 'live';
export const APP_MODES: readonly AppMode[] = ['development', 'live'];

/** Scope names users grant ⇄ permission names App Review approves (spec §1.4). */
export const PERMISSION_OF_SCOPE = {
  user_profile: 'instagram_graph_user_profile',
  user_media: 'instagram_graph_user_media',
} as const;
export type Scope = keyof typeof PERMISSION_OF_SCOPE;
export type Permission = (typeof PERMISSION_OF_SCOPE)[Scope];
export const SCOPES = Object.keys(PERMISSION_OF_SCOPE) as Scope[];

export const DEFAULT_API_VERSION = 'v21.0';
/** Settings > Advanced > Upgrade API Version: the versions an app may pin unversioned calls to (spec §1.1). */
export const API_VERSIONS = ['v11.0', 'v12.0', 'v13.0', 'v14.0', 'v15.0', 'v16.0', 'v17.0', 'v18.0', 'v19.0', 'v20.0', 'v21.0'] as const;

export const PERMISSIONS = Object.values(PERMISSION_OF_SCOPE) as Permission[];
/** App Review of one permission: not in a submission yet, waiting for a reviewer, or approved (spec §1.4). */
export type ReviewStatus = 'not_submitted' | 'submitted' | 'approved';

/** Products an app adds under Products > Set Up; igloo offers the one this API needs. */
export const BASIC_DISPLAY_PRODUCT = 'instagram_basic_display';

export interface FbApp {
  appId: string;
  ownerId: string;
  name: string;
  appType: AppType;
  contactEmail: string;
  mode: AppMode;
  apiVersion: string;
  privacyPolicyUrl: string | null;
  siteUrl: string | null;
  createdAt: number;
}

export interface InstagramApp {
  igAppId: string;
  fbAppId: string;
  displayName: string;
  redirectUris: string[];
  deauthorizeUrl: string | null;
  dataDeletionUrl: string | null;
  /** The owning Facebook app's mode and API version, which rule this Instagram app too. */
  mode: AppMode;
  apiVersion: string;
  /** Emulator mode only: the Authorization Window skips the consent screen (issue 8, docs/decisions.md). */
  autoConsent: boolean;
  createdAt: number;
}

export type AppErrorCode =
  | 'app_not_found'
  | 'app_name_invalid'
  | 'app_type_invalid'
  | 'product_unavailable'
  | 'instagram_app_exists'
  | 'display_name_invalid'
  | 'redirect_uri_invalid'
  | 'site_url_invalid'
  | 'privacy_policy_url_invalid'
  | 'deauthorize_url_invalid'
  | 'data_deletion_url_invalid'
  | 'contact_email_invalid'
  | 'api_version_invalid'
  | 'privacy_policy_required'
  | 'mode_invalid'
  | 'permission_invalid'
  | 'tester_exists'
  | 'tester_not_found'
  | 'tester_not_accepted'
  | 'tester_limit_reached'
  | 'auto_consent_unavailable';

export class AppError extends DomainError<AppErrorCode> {}

const RESERVED_WORDS = [/instagram/i, /insta/i, /facebook/i, /(^|[^a-z])ig([^a-z]|$)/i];

/** Display Names may not contain reserved words such as Instagram, IG, Insta or Facebook (spec §1.2). */
export function checkDisplayName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 64) throw new AppError('display_name_invalid', 'Enter a Display Name of 1 to 64 characters.');
  if (RESERVED_WORDS.some((word) => word.test(name))) {
    throw new AppError('display_name_invalid', 'Display Name may not contain Instagram, IG, Insta or Facebook.');
  }
  return name;
}

export function checkAppName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 64) throw new AppError('app_name_invalid', 'Enter an app name of 1 to 64 characters.');
  return name;
}

export function checkContactEmail(raw: string): string {
  const email = raw.trim();
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AppError('contact_email_invalid', 'Enter a valid contact email address.');
  return email;
}

export function checkApiVersion(raw: string): string {
  if (!(API_VERSIONS as readonly string[]).includes(raw)) throw new AppError('api_version_invalid', `Choose one of the API versions ${API_VERSIONS[0]} to ${API_VERSIONS.at(-1)}.`);
  return raw;
}

export function checkPermission(raw: string): Permission {
  if (!(PERMISSIONS as string[]).includes(raw)) throw new AppError('permission_invalid', 'No such permission.');
  return raw as Permission;
}

// The world document: a whole emulator world as JSON (DESIGN.md §6), the format POST /_igloo/world and
// `igloo world apply` read and GET /_igloo/world and `igloo world export` write. It is a file format
// as much as a wire body, so it lives with the world module and keeps its snake_case names (like the
// demo world's JSON); TypeBox declares it once for the route schema and the CLI's check.
import { Type, type Static } from '@sinclair/typebox';
import { ACCOUNT_TYPES } from '../accounts/account-entity.ts';
import { MAX_INSTAGRAM_TESTERS } from '../apps/tester-service.ts';
import { PERMISSIONS } from '../apps/app-entity.ts';
import { MAX_REDIRECT_URIS } from '../apps/redirect-uris.ts';
import { MAX_ALBUM_ITEMS, MAX_CAPTION_LENGTH } from '../media/media-entity.ts';

/** What an account or developer gets when the document names no password (exports never carry one). */
export const DEFAULT_WORLD_PASSWORD = 'igloo-demo';
/** Sample posts generated per account, at most. */
export const MAX_GENERATED_MEDIA = 100;

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((value) => Type.Literal(value)));
const text = (description: string) => Type.String({ maxLength: 2000, description });
const objectOf = <P extends Parameters<typeof Type.Object>[0]>(properties: P) => Type.Object(properties, { additionalProperties: false });

const developerSchema = objectOf({
  email: Type.String({ minLength: 1, maxLength: 254, description: 'Signs in to the App Dashboard' }),
  password: Type.Optional(text(`At least 6 characters; "${DEFAULT_WORLD_PASSWORD}" when omitted`)),
  name: Type.Optional(text('Defaults to the email')),
});

const appSchema = objectOf({
  developer: Type.Optional(Type.String({ minLength: 1, maxLength: 254, description: "The owner's email: a developer of this document or of igloo; defaults to the document's first" })),
  name: Type.String({ minLength: 1, maxLength: 64, description: 'The app name (App Dashboard)' }),
  display_name: Type.Optional(Type.String({ maxLength: 64, description: 'Basic Display > Display Name; defaults to the name' })),
  redirect_uris: Type.Optional(Type.Array(text('A Valid OAuth Redirect URI'), { maxItems: MAX_REDIRECT_URIS })),
  deauthorize_url: Type.Optional(text('Deauthorize Callback URL')),
  data_deletion_url: Type.Optional(text('Data Deletion Request URL')),
  privacy_policy_url: Type.Optional(text('Settings > Basic; a Live app needs one')),
  mode: Type.Optional(literals(['development', 'live'] as const)),
  auto_consent: Type.Optional(Type.Boolean({ description: 'Emulator mode only: the Authorization Window skips the consent screen (CI)' })),
  approved_permissions: Type.Optional(Type.Array(literals(PERMISSIONS), { maxItems: PERMISSIONS.length, uniqueItems: true })),
  testers: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { maxItems: MAX_INSTAGRAM_TESTERS, description: 'Usernames, accepted at once' })),
  instagram_app_id: Type.Optional(Type.String({ maxLength: 32, description: 'In exports only; igloo makes a new one on apply' })),
  instagram_app_secret: Type.Optional(Type.String({ maxLength: 64, description: 'In exports only; igloo makes a new one on apply' })),
});

const accountSchema = objectOf({
  username: Type.String({ minLength: 1, maxLength: 30 }),
  password: Type.Optional(text(`At least 6 characters; "${DEFAULT_WORLD_PASSWORD}" when omitted`)),
  full_name: Type.Optional(Type.String({ maxLength: 64 })),
  account_type: Type.Optional(literals(ACCOUNT_TYPES)),
  media_count: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_GENERATED_MEDIA, description: 'Sample posts to generate, like the demo world' })),
  id: Type.Optional(Type.String({ maxLength: 32, description: 'In exports only; igloo makes a new one on apply' })),
});

const mediaSchema = objectOf({
  username: Type.String({ minLength: 1, maxLength: 30, description: 'The owner: an account of this document or of igloo' }),
  media_type: Type.Optional(literals(['IMAGE', 'VIDEO', 'CAROUSEL_ALBUM'] as const)),
  caption: Type.Optional(Type.String({ maxLength: MAX_CAPTION_LENGTH })),
  taken_at: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 with a zone; defaults to now' })),
  children: Type.Optional(Type.Array(literals(['IMAGE', 'VIDEO'] as const), { minItems: 2, maxItems: MAX_ALBUM_ITEMS, description: "A CAROUSEL_ALBUM's items; IMAGE, IMAGE by default" })),
  id: Type.Optional(Type.String({ maxLength: 32, description: 'In exports only; igloo makes a new one on apply' })),
});

export const worldDocumentSchema = objectOf({
  developers: Type.Optional(Type.Array(developerSchema, { maxItems: 100 })),
  apps: Type.Optional(Type.Array(appSchema, { maxItems: 100 })),
  accounts: Type.Optional(Type.Array(accountSchema, { maxItems: 1000 })),
  media: Type.Optional(Type.Array(mediaSchema, { maxItems: 1000 })),
});

export type WorldDocument = Static<typeof worldDocumentSchema>;
export type WorldApp = Static<typeof appSchema>;
export type WorldAccount = Static<typeof accountSchema>;
export type WorldMedia = Static<typeof mediaSchema>;

/** What applying a document created, in the document's order: the ids and secrets to use. */
export const appliedWorldSchema = objectOf({
  developers: Type.Array(objectOf({ email: Type.String() })),
  apps: Type.Array(objectOf({ name: Type.String(), app_id: Type.String(), instagram_app_id: Type.String(), instagram_app_secret: Type.String(), display_name: Type.String() })),
  accounts: Type.Array(objectOf({ id: Type.String(), username: Type.String(), media_ids: Type.Array(Type.String(), { description: 'The generated posts (media_count)' }) })),
  media: Type.Array(objectOf({ id: Type.String(), username: Type.String(), media_type: Type.String() })),
});

export type AppliedWorld = Static<typeof appliedWorldSchema>;

// The up-front check of a world document: every rule the services would apply one by one (usernames,
// passwords, emails, names, URLs, references, duplicates) is checked before anything is created, so a
// bad document creates nothing. The result is the plan world-service.ts carries out.
import { checkFullName, checkPassword, checkUsername } from '../accounts/account-entity.ts';
import type { AccountService } from '../accounts/account-service.ts';
import { checkAppName, checkContactEmail, checkDisplayName, type AppMode, type Permission } from '../apps/app-entity.ts';
import { normaliseRedirectUri } from '../apps/redirect-uris.ts';
import { parseInstant } from '../clock.ts';
import { checkEmail } from '../developers/developer-entity.ts';
import type { DeveloperService } from '../developers/developer-service.ts';
import { DomainError } from '../domain-error.ts';
import { DEFAULT_WORLD_PASSWORD, type WorldDocument } from './world-document.ts';
import { WorldError } from './world-entity.ts';

export interface PlannedApp {
  /** Index into PlannedWorld.developers, or the id of a developer igloo already has. */
  owner: { planned: number } | { existing: string };
  ownerEmail: string;
  name: string;
  displayName: string;
  redirectUris: string[];
  deauthorizeUrl: string;
  dataDeletionUrl: string;
  privacyPolicyUrl: string;
  mode: AppMode;
  autoConsent: boolean;
  approvedPermissions: Permission[];
  testers: string[];
}

export interface PlannedMedia {
  username: string;
  mediaType: 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';
  children: ('IMAGE' | 'VIDEO')[];
  caption: string | undefined;
  takenAt: number | undefined;
}

export interface PlannedWorld {
  developers: { email: string; name: string; password: string }[];
  apps: PlannedApp[];
  accounts: { username: string; password: string; fullName: string; accountType: 'PERSONAL' | 'MEDIA_CREATOR' | 'BUSINESS'; mediaCount: number }[];
  media: PlannedMedia[];
}

/** Runs an entity rule; its refusal becomes a WorldError naming the field. */
function field<T>(path: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof DomainError) throw new WorldError('field_invalid', `${path}: ${error.message}`, path);
    throw error;
  }
}

export function createWorldCheck(deps: {
  developers: Pick<DeveloperService, 'findDeveloperByEmail'>;
  accounts: Pick<AccountService, 'findAccountByUsername'>;
  allowHttpRedirectUris: boolean;
  /** Emulator mode; service mode refuses `auto_consent: true`. */
  autoConsentAvailable: boolean;
}) {
  const { developers, accounts, allowHttpRedirectUris, autoConsentAvailable } = deps;

  const url = (path: string, raw: string | undefined): string => {
    if (raw === undefined || raw.trim() === '') return '';
    const checked = normaliseRedirectUri(raw, { allowHttp: allowHttpRedirectUris });
    if (!checked.ok) throw new WorldError('field_invalid', `${path}: ${checked.reason}`, path);
    return checked.uri;
  };

  /** Throws WorldError (field_invalid: 400, field_taken: 409) for the first problem, in document order. */
  return async function checkWorld(doc: WorldDocument): Promise<PlannedWorld> {
    const plannedDevelopers: PlannedWorld['developers'] = [];
    const emails = new Map<string, number>();
    for (const [i, developer] of (doc.developers ?? []).entries()) {
      const email = field(`developers[${i}].email`, () => checkEmail(developer.email));
      const password = developer.password ?? DEFAULT_WORLD_PASSWORD;
      field(`developers[${i}].password`, () => checkPassword(password));
      if (emails.has(email)) throw new WorldError('field_taken', `developers[${i}].email: ${email} is already developers[${emails.get(email) ?? 0}].email`, `developers[${i}].email`);
      if (await developers.findDeveloperByEmail(email)) throw new WorldError('field_taken', `developers[${i}].email: a developer with the email ${email} already exists`, `developers[${i}].email`);
      emails.set(email, i);
      plannedDevelopers.push({ email, name: (developer.name ?? '').trim(), password });
    }

    const plannedAccounts: PlannedWorld['accounts'] = [];
    const usernames = new Map<string, number>();
    for (const [i, account] of (doc.accounts ?? []).entries()) {
      const username = field(`accounts[${i}].username`, () => checkUsername(account.username));
      const password = account.password ?? DEFAULT_WORLD_PASSWORD;
      field(`accounts[${i}].password`, () => checkPassword(password));
      const fullName = field(`accounts[${i}].full_name`, () => checkFullName(account.full_name ?? ''));
      if (usernames.has(username)) throw new WorldError('field_taken', `accounts[${i}].username: ${username} is already accounts[${usernames.get(username) ?? 0}].username`, `accounts[${i}].username`);
      if (await accounts.findAccountByUsername(username)) throw new WorldError('field_taken', `accounts[${i}].username: an account called ${username} already exists`, `accounts[${i}].username`);
      usernames.set(username, i);
      plannedAccounts.push({ username, password, fullName, accountType: account.account_type ?? 'PERSONAL', mediaCount: account.media_count ?? 0 });
    }
    /** A username of this document or of igloo, as stored (lower case). */
    const knownAccount = async (path: string, raw: string): Promise<string> => {
      const username = raw.trim().toLowerCase();
      if (!usernames.has(username) && !(await accounts.findAccountByUsername(username))) {
        throw new WorldError('field_invalid', `${path}: no account is called ${JSON.stringify(raw)}, in this world or in igloo`, path);
      }
      return username;
    };

    const plannedApps: PlannedApp[] = [];
    for (const [i, app] of (doc.apps ?? []).entries()) {
      const at = `apps[${i}]`;
      const owner = await ownerOf(at, app.developer);
      const name = field(`${at}.name`, () => checkAppName(app.name));
      const displayName = field(`${at}.display_name`, () => checkDisplayName(app.display_name ?? name));
      const redirectUris: string[] = [];
      for (const [j, raw] of (app.redirect_uris ?? []).entries()) {
        const uri = url(`${at}.redirect_uris[${j}]`, raw);
        if (uri !== '' && !redirectUris.includes(uri)) redirectUris.push(uri);
      }
      const privacyPolicyUrl = url(`${at}.privacy_policy_url`, app.privacy_policy_url);
      const mode = app.mode ?? 'development';
      if (mode === 'live' && privacyPolicyUrl === '') throw new WorldError('field_invalid', `${at}.privacy_policy_url: a Live app needs a Privacy Policy URL`, `${at}.privacy_policy_url`);
      field(`${at}.developer`, () => checkContactEmail(owner.email));
      const autoConsent = app.auto_consent ?? false;
      if (autoConsent && !autoConsentAvailable) throw new WorldError('field_invalid', `${at}.auto_consent: auto consent is an emulator feature and this igloo runs in service mode`, `${at}.auto_consent`);
      const testers: string[] = [];
      for (const [j, raw] of (app.testers ?? []).entries()) {
        const username = await knownAccount(`${at}.testers[${j}]`, raw);
        if (testers.includes(username)) throw new WorldError('field_invalid', `${at}.testers[${j}]: ${username} is listed twice`, `${at}.testers[${j}]`);
        testers.push(username);
      }
      plannedApps.push({
        owner: owner.ref,
        ownerEmail: owner.email,
        name,
        displayName,
        redirectUris,
        deauthorizeUrl: url(`${at}.deauthorize_url`, app.deauthorize_url),
        dataDeletionUrl: url(`${at}.data_deletion_url`, app.data_deletion_url),
        privacyPolicyUrl,
        mode,
        autoConsent,
        approvedPermissions: app.approved_permissions ?? [],
        testers,
      });
    }

    const plannedMedia: PlannedMedia[] = [];
    for (const [i, media] of (doc.media ?? []).entries()) {
      const at = `media[${i}]`;
      const username = await knownAccount(`${at}.username`, media.username);
      const mediaType = media.media_type ?? 'IMAGE';
      if (media.children && mediaType !== 'CAROUSEL_ALBUM') throw new WorldError('field_invalid', `${at}.children: only a CAROUSEL_ALBUM has children`, `${at}.children`);
      let takenAt: number | undefined;
      if (media.taken_at !== undefined) {
        takenAt = parseInstant(media.taken_at);
        if (takenAt === undefined) throw new WorldError('field_invalid', `${at}.taken_at must be an ISO 8601 instant with a zone, like "2026-01-01T00:00:00Z"`, `${at}.taken_at`);
      }
      const children = mediaType === 'CAROUSEL_ALBUM' ? (media.children ?? ['IMAGE', 'IMAGE']) : [];
      plannedMedia.push({ username, mediaType, children, caption: media.caption, takenAt });
    }
    return { developers: plannedDevelopers, apps: plannedApps, accounts: plannedAccounts, media: plannedMedia };

    async function ownerOf(at: string, raw: string | undefined): Promise<{ ref: PlannedApp['owner']; email: string }> {
      if (raw === undefined) {
        const first = plannedDevelopers[0];
        if (!first) throw new WorldError('field_invalid', `${at}.developer is required when the world has no developers: the email of the app's owner`, `${at}.developer`);
        return { ref: { planned: 0 }, email: first.email };
      }
      const email = raw.trim().toLowerCase();
      const planned = emails.get(email);
      if (planned !== undefined) return { ref: { planned }, email };
      const existing = await developers.findDeveloperByEmail(email);
      if (!existing) throw new WorldError('field_invalid', `${at}.developer: no developer has the email ${JSON.stringify(raw)}, in this world or in igloo`, `${at}.developer`);
      return { ref: { existing: existing.id }, email };
    }
  };
}

export type WorldCheck = ReturnType<typeof createWorldCheck>;

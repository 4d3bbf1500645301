// The world of igloo/testing: creates the world a test asked for ('demo', 'empty' or a document) through
// the world service, and reads back everything there is, with the passwords the test signs in with.
import { ensureDemoWorld } from '../demo-world.ts';
import type { Services } from '../services.ts';
import { DEFAULT_WORLD_PASSWORD } from '../world/world-document.ts';
import type { IglooWorld, WorldDocument } from './igloo-testing.d.ts';

export type WorldChoice = 'demo' | 'empty' | WorldDocument;

/** Creates `choice` in an empty igloo; the demo world's redirect URI is `publicUrl`'s callback page. */
export async function createWorld(services: Services, choice: WorldChoice, publicUrl: string): Promise<IglooWorld> {
  if (choice === 'demo') await ensureDemoWorld(services, publicUrl);
  else if (choice !== 'empty') await services.world.apply(choice);
  return readWorld(services, choice === 'demo' || choice === 'empty' ? {} : choice);
}

/**
 * Everything in igloo, in the export's order (oldest first; testers by username). Passwords are kept
 * hashed, so they come from the document, or are the default every world and the demo world use.
 */
async function readWorld(services: Services, doc: WorldDocument): Promise<IglooWorld> {
  const exported = await services.world.exportWorld();
  // The check trims emails and usernames and lowers their case.
  const developerPassword = (email: string) => doc.developers?.find((d) => d.email.trim().toLowerCase() === email)?.password ?? DEFAULT_WORLD_PASSWORD;
  const accountPassword = (username: string) => doc.accounts?.find((a) => a.username.trim().toLowerCase() === username)?.password ?? DEFAULT_WORLD_PASSWORD;
  const apps: IglooWorld['apps'] = [];
  for (const app of exported.apps) {
    const igAppId = app.instagram_app_id ?? '';
    apps.push({
      name: app.name,
      app_id: (await services.apps.getInstagramApp(igAppId)).fbAppId,
      instagram_app_id: igAppId,
      instagram_app_secret: app.instagram_app_secret ?? '',
      display_name: app.display_name ?? app.name,
      redirect_uris: app.redirect_uris ?? [],
      mode: app.mode ?? 'development',
      approved_permissions: app.approved_permissions ?? [],
      testers: app.testers ?? [],
    });
  }
  return {
    developers: exported.developers.map((developer) => ({
      email: developer.email,
      name: developer.name ?? developer.email,
      password: developerPassword(developer.email),
    })),
    apps,
    accounts: exported.accounts.map((account) => ({
      id: account.id ?? '',
      username: account.username,
      password: accountPassword(account.username),
      full_name: account.full_name ?? '',
      account_type: account.account_type ?? 'PERSONAL',
      media_ids: exported.media.filter((post) => post.username === account.username).map((post) => post.id ?? ''),
    })),
  };
}

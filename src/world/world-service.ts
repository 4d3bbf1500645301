// Whole worlds for the emulator (DESIGN.md §6), shared by /_igloo/world, /_igloo/reset and the `igloo
// world` and `igloo reset` commands: apply a world document through the services, export the current
// world as one, and reset to an empty world (or the demo world).
import type { AccountService } from '../accounts/account-service.ts';
import type { AppService } from '../apps/app-service.ts';
import type { TesterService } from '../apps/tester-service.ts';
import type { Clock, VirtualClock } from '../clock.ts';
import type { DemoWorld } from '../demo-world.ts';
import type { DeveloperService } from '../developers/developer-service.ts';
import type { MediaService, PreparedVideo } from '../media/media-service.ts';
import { samplePhoto, shippedSampleVideo } from '../media/sample-media.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { PlannedMedia, PlannedWorld, WorldCheck } from './world-check.ts';
import type { AppliedWorld, WorldDocument } from './world-document.ts';
import type { WorldRepository } from './world-repository.ts';

export interface WorldServiceDeps {
  check: WorldCheck;
  world: WorldRepository;
  developers: DeveloperService;
  apps: AppService;
  testers: TesterService;
  accounts: AccountService;
  media: MediaService;
  clock: Clock;
  /** Posts `count` sample posts like the demo world's feed; returns their ids. */
  postSampleFeed: (accountId: string, count: number) => Promise<string[]>;
  blobs: BlobStore;
  /** The emulator's clock; a reset puts its offset back to 0. */
  virtualClock: VirtualClock | undefined;
  /** Forgets every in-memory cache and counter (token records, read caches, rate limits, noted uses). */
  forgetMemory: () => Promise<void>;
  /** Creates the demo world (ensureDemoWorld). */
  seedDemo: (publicUrl: string) => Promise<DemoWorld>;
}

export function createWorldService(deps: WorldServiceDeps) {
  const { check, world, developers, apps, testers, accounts, media, clock, postSampleFeed, blobs, virtualClock, forgetMemory, seedDemo } = deps;

  /** Sample bytes for one planned post: drawn photos, and the shipped video (no ffmpeg). */
  const filesOf = async (planned: PlannedMedia, index: number): Promise<(Buffer | PreparedVideo)[]> => {
    const types = planned.mediaType === 'CAROUSEL_ALBUM' ? planned.children : [planned.mediaType];
    const files: (Buffer | PreparedVideo)[] = [];
    for (const [j, type] of types.entries()) {
      files.push(type === 'VIDEO' ? await shippedSampleVideo() : await samplePhoto({ label: `${planned.username} #${index + 1}`, hue: ((index * 7 + j) * 47) % 360, width: 640, height: 640 }));
    }
    return files;
  };

  /** Creates what the plan names, in order; only a storage failure can stop it part way. */
  const create = async (plan: PlannedWorld): Promise<AppliedWorld> => {
    const developerIds: string[] = [];
    for (const developer of plan.developers) developerIds.push((await developers.createDeveloper(developer)).id);

    const accountIds = new Map<string, string>();
    const createdAccounts: AppliedWorld['accounts'] = [];
    for (const account of plan.accounts) {
      const created = await accounts.createAccount(account);
      accountIds.set(created.username, created.id);
      createdAccounts.push({ id: created.id, username: created.username, media_ids: [] });
    }
    const accountIdOf = async (username: string) => accountIds.get(username) ?? (await accounts.getAccountByUsername(username)).id;

    const createdApps: AppliedWorld['apps'] = [];
    for (const app of plan.apps) {
      const ownerId = 'planned' in app.owner ? (developerIds[app.owner.planned] as string) : app.owner.existing;
      const fbApp = await apps.createApp({ ownerId, name: app.name, appType: 'consumer', contactEmail: app.ownerEmail });
      if (app.privacyPolicyUrl) await apps.updateBasicSettings(fbApp.appId, { name: app.name, contactEmail: app.ownerEmail, privacyPolicyUrl: app.privacyPolicyUrl });
      const igApp = await apps.createInstagramApp({ fbAppId: fbApp.appId, displayName: app.displayName });
      await apps.updateBasicDisplay(igApp.igAppId, { redirectUris: app.redirectUris, deauthorizeUrl: app.deauthorizeUrl, dataDeletionUrl: app.dataDeletionUrl });
      if (app.mode === 'live') await apps.setMode(fbApp.appId, 'live');
      if (app.autoConsent) await apps.setAutoConsent(igApp.igAppId, true);
      for (const permission of app.approvedPermissions) await apps.approvePermission(igApp.igAppId, permission);
      for (const username of app.testers) {
        await testers.invite(igApp.igAppId, username);
        await testers.accept(igApp.igAppId, await accountIdOf(username));
      }
      createdApps.push({ name: fbApp.name, app_id: fbApp.appId, instagram_app_id: igApp.igAppId, instagram_app_secret: await apps.revealInstagramAppSecret(igApp.igAppId), display_name: igApp.displayName });
    }

    for (const [i, account] of plan.accounts.entries()) {
      const created = createdAccounts[i];
      if (created && account.mediaCount > 0) created.media_ids = await postSampleFeed(created.id, account.mediaCount);
    }
    const createdMedia: AppliedWorld['media'] = [];
    for (const [i, planned] of plan.media.entries()) {
      const post = await media.createPost({ accountId: await accountIdOf(planned.username), caption: planned.caption, files: await filesOf(planned, i), takenAt: planned.takenAt ?? clock.now() });
      createdMedia.push({ id: post.id, username: planned.username, media_type: post.mediaType });
    }
    return { developers: plan.developers.map(({ email }) => ({ email })), apps: createdApps, accounts: createdAccounts, media: createdMedia };
  };

  return {
    /**
     * Creates every developer, app, account and post of the document. Everything is checked first:
     * a bad document throws WorldError and creates nothing.
     */
    apply: async (doc: WorldDocument): Promise<AppliedWorld> => create(await check(doc)),

    /**
     * The current world as a document that `apply` on an empty igloo turns into an equivalent world.
     * Passwords are stored hashed, so none are exported (apply gives such accounts the default
     * password); Instagram App Secrets are stored sealed and are exported. Apps without Basic Display
     * and pending tester invitations are left out; lists come in a stable order (testers by username).
     */
    async exportWorld(): Promise<Required<WorldDocument>> {
      const doc: Required<WorldDocument> = { developers: [], apps: [], accounts: [], media: [] };
      for (const developer of await world.listDevelopers()) doc.developers.push({ email: developer.email, name: developer.name });
      for (const row of await world.listInstagramApps()) {
        const igApp = await apps.getInstagramApp(row.ig_app_id);
        doc.apps.push({
          developer: row.email,
          name: row.name,
          display_name: igApp.displayName,
          redirect_uris: igApp.redirectUris,
          deauthorize_url: igApp.deauthorizeUrl ?? '',
          data_deletion_url: igApp.dataDeletionUrl ?? '',
          privacy_policy_url: row.privacy_policy_url ?? '',
          mode: igApp.mode,
          // What the window does: service mode ignores a setting left from emulator mode.
          auto_consent: apps.autoConsentAvailable && igApp.autoConsent,
          approved_permissions: (await apps.approvedPermissions(igApp.igAppId)).sort(),
          testers: (await testers.listTesters(igApp.igAppId)).filter((tester) => tester.status === 'accepted').map((tester) => tester.username).sort(),
          instagram_app_id: igApp.igAppId,
          instagram_app_secret: await apps.revealInstagramAppSecret(igApp.igAppId),
        });
      }
      for (const account of await world.listAccounts()) {
        doc.accounts.push({ id: account.id, username: account.username, full_name: account.full_name, account_type: account.account_type as 'PERSONAL' });
      }
      const childTypes = await world.listChildTypes();
      for (const post of await world.listPosts()) {
        const children = childTypes.get(post.id) as ('IMAGE' | 'VIDEO')[] | undefined;
        doc.media.push({
          id: post.id,
          username: post.username,
          media_type: post.media_type as 'IMAGE',
          ...(post.caption === null ? {} : { caption: post.caption }),
          taken_at: new Date(Number(post.taken_at)).toISOString(),
          ...(children ? { children } : {}),
        });
      }
      return doc;
    },

    /**
     * Back to an empty world: every row (the migrations' bookkeeping aside), every media file, every
     * in-memory cache and counter, and the virtual clock's offset. Tokens issued before fail after.
     * With `demo`, the demo world is created again on `publicUrl`.
     */
    async reset(options: { demo: boolean; publicUrl: string }): Promise<DemoWorld | undefined> {
      await world.wipe();
      await forgetMemory();
      virtualClock?.resetOffset();
      await blobs.removeAll();
      return options.demo ? seedDemo(options.publicUrl) : undefined;
    },
  };
}

export type WorldService = ReturnType<typeof createWorldService>;

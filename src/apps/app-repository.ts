// SQL for Facebook apps, their Instagram apps, redirect URIs and App Review decisions.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, FbAppsTable } from '../storage/database-schema.ts';
import type { AppMode, AppType, FbApp, InstagramApp, Permission } from './app-entity.ts';

type Db = Kysely<Database> | Transaction<Database>;

const toFbApp = (row: Selectable<FbAppsTable>): FbApp => ({
  appId: row.app_id,
  ownerId: row.owner_id,
  name: row.name,
  appType: row.app_type as AppType,
  contactEmail: row.contact_email,
  mode: row.mode as AppMode,
  apiVersion: row.api_version,
  privacyPolicyUrl: row.privacy_policy_url,
  siteUrl: row.site_url,
  createdAt: Number(row.created_at),
});

export interface NewFbApp extends FbApp {
  secretSealed: string;
}

export interface NewInstagramApp {
  igAppId: string;
  fbAppId: string;
  displayName: string;
  secretSealed: string;
  createdAt: number;
}

/** Plain SQL, every read from the database: cached-app-repository.ts keeps the hot reads in memory. */
export function createAppRepository(db: Kysely<Database>) {
  const redirectUrisOf = async (igAppId: string, trx: Db = db): Promise<string[]> =>
    (await trx.selectFrom('redirect_uris').select('uri').where('ig_app_id', '=', igAppId).orderBy('position').execute()).map((r) => r.uri);

  const instagramAppQuery = (trx: Db) =>
    trx
      .selectFrom('ig_apps')
      .innerJoin('fb_apps', 'fb_apps.app_id', 'ig_apps.fb_app_id')
      .select([
        'ig_apps.ig_app_id',
        'ig_apps.fb_app_id',
        'ig_apps.display_name',
        'ig_apps.deauthorize_url',
        'ig_apps.data_deletion_url',
        'ig_apps.auto_consent',
        'ig_apps.created_at',
        'fb_apps.mode',
        'fb_apps.api_version',
      ]);

  const findInstagramApp = async (igAppId: string): Promise<InstagramApp | undefined> => {
    const row = await instagramAppQuery(db).where('ig_apps.ig_app_id', '=', igAppId).executeTakeFirst();
    if (!row) return undefined;
    return {
      igAppId: row.ig_app_id,
      fbAppId: row.fb_app_id,
      displayName: row.display_name,
      redirectUris: await redirectUrisOf(row.ig_app_id),
      deauthorizeUrl: row.deauthorize_url,
      dataDeletionUrl: row.data_deletion_url,
      mode: row.mode as AppMode,
      apiVersion: row.api_version,
      autoConsent: Number(row.auto_consent) === 1,
      createdAt: Number(row.created_at),
    };
  };

  return {
    async insertFbApp(app: NewFbApp): Promise<void> {
      await db
        .insertInto('fb_apps')
        .values({
          app_id: app.appId,
          owner_id: app.ownerId,
          name: app.name,
          app_type: app.appType,
          contact_email: app.contactEmail,
          mode: app.mode,
          api_version: app.apiVersion,
          privacy_policy_url: app.privacyPolicyUrl,
          site_url: app.siteUrl,
          secret_encrypted: app.secretSealed,
          created_at: app.createdAt,
        })
        .execute();
    },
    async findFbApp(appId: string): Promise<FbApp | undefined> {
      const row = await db.selectFrom('fb_apps').selectAll().where('app_id', '=', appId).executeTakeFirst();
      return row && toFbApp(row);
    },
    async listFbAppsOfOwner(ownerId: string): Promise<FbApp[]> {
      const rows = await db.selectFrom('fb_apps').selectAll().where('owner_id', '=', ownerId).orderBy('created_at').execute();
      return rows.map(toFbApp);
    },
    async updateFbApp(appId: string, changes: Partial<Pick<FbApp, 'mode' | 'apiVersion' | 'privacyPolicyUrl' | 'siteUrl' | 'name' | 'contactEmail'>>): Promise<void> {
      await db
        .updateTable('fb_apps')
        .set({
          mode: changes.mode,
          api_version: changes.apiVersion,
          privacy_policy_url: changes.privacyPolicyUrl,
          site_url: changes.siteUrl,
          name: changes.name,
          contact_email: changes.contactEmail,
        })
        .where('app_id', '=', appId)
        .execute();
    },
    async findFbAppSecret(appId: string): Promise<string | undefined> {
      const row = await db.selectFrom('fb_apps').select('secret_encrypted').where('app_id', '=', appId).executeTakeFirst();
      return row?.secret_encrypted;
    },
    /** Adds a product to an app; adding it again changes nothing. */
    async addProduct(appId: string, product: string, at: number): Promise<void> {
      await db
        .insertInto('app_products')
        .values({ app_id: appId, product, added_at: at })
        .onConflict((oc) => oc.columns(['app_id', 'product']).doNothing())
        .execute();
    },
    async hasProduct(appId: string, product: string): Promise<boolean> {
      const row = await db.selectFrom('app_products').select('app_id').where('app_id', '=', appId).where('product', '=', product).executeTakeFirst();
      return row !== undefined;
    },
    async insertInstagramApp(app: NewInstagramApp): Promise<void> {
      await db
        .insertInto('ig_apps')
        .values({
          ig_app_id: app.igAppId,
          fb_app_id: app.fbAppId,
          display_name: app.displayName,
          secret_encrypted: app.secretSealed,
          deauthorize_url: null,
          data_deletion_url: null,
          created_at: app.createdAt,
        })
        .execute();
    },
    findInstagramApp,
    async findInstagramAppIdOfFbApp(fbAppId: string): Promise<string | undefined> {
      const row = await db.selectFrom('ig_apps').select('ig_app_id').where('fb_app_id', '=', fbAppId).executeTakeFirst();
      return row?.ig_app_id;
    },
    async findInstagramAppSecret(igAppId: string): Promise<string | undefined> {
      const row = await db.selectFrom('ig_apps').select('secret_encrypted').where('ig_app_id', '=', igAppId).executeTakeFirst();
      return row?.secret_encrypted;
    },
    async updateInstagramAppSecret(igAppId: string, secretSealed: string): Promise<void> {
      await db.updateTable('ig_apps').set({ secret_encrypted: secretSealed }).where('ig_app_id', '=', igAppId).execute();
    },
    /** Replaces the Basic Display settings in one transaction. */
    async updateBasicDisplay(igAppId: string, settings: { displayName: string; redirectUris: string[]; deauthorizeUrl: string | null; dataDeletionUrl: string | null }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('ig_apps')
          .set({ display_name: settings.displayName, deauthorize_url: settings.deauthorizeUrl, data_deletion_url: settings.dataDeletionUrl })
          .where('ig_app_id', '=', igAppId)
          .execute();
        await trx.deleteFrom('redirect_uris').where('ig_app_id', '=', igAppId).execute();
        if (settings.redirectUris.length > 0) {
          await trx
            .insertInto('redirect_uris')
            .values(settings.redirectUris.map((uri, position) => ({ ig_app_id: igAppId, position, uri })))
            .execute();
        }
      });
    },
    async setAutoConsent(igAppId: string, on: boolean): Promise<void> {
      await db.updateTable('ig_apps').set({ auto_consent: on ? 1 : 0 }).where('ig_app_id', '=', igAppId).execute();
    },
    async approvedPermissions(igAppId: string): Promise<Permission[]> {
      const rows = await db.selectFrom('permission_reviews').select('permission').where('ig_app_id', '=', igAppId).where('status', '=', 'approved').execute();
      return rows.map((r) => r.permission as Permission);
    },
    async listPermissionReviews(igAppId: string): Promise<{ permission: Permission; status: string }[]> {
      const rows = await db.selectFrom('permission_reviews').select(['permission', 'status']).where('ig_app_id', '=', igAppId).execute();
      return rows.map((r) => ({ permission: r.permission as Permission, status: r.status }));
    },
    async listSubmittedReviews(): Promise<{ igAppId: string; displayName: string; permission: Permission; submittedAt: number }[]> {
      const rows = await db
        .selectFrom('permission_reviews')
        .innerJoin('ig_apps', 'ig_apps.ig_app_id', 'permission_reviews.ig_app_id')
        .select(['permission_reviews.ig_app_id', 'ig_apps.display_name', 'permission_reviews.permission', 'permission_reviews.updated_at'])
        .where('permission_reviews.status', '=', 'submitted')
        .orderBy('permission_reviews.updated_at')
        .execute();
      return rows.map((r) => ({ igAppId: r.ig_app_id, displayName: r.display_name, permission: r.permission as Permission, submittedAt: Number(r.updated_at) }));
    },
    async setPermissionReview(igAppId: string, permission: Permission, status: string, at: number): Promise<void> {
      await db
        .insertInto('permission_reviews')
        .values({ ig_app_id: igAppId, permission, status, updated_at: at })
        .onConflict((oc) => oc.columns(['ig_app_id', 'permission']).doUpdateSet({ status, updated_at: at }))
        .execute();
    },
  };
}

export type AppRepository = ReturnType<typeof createAppRepository>;

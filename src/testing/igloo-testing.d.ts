// The public types of `igloo/testing` (package.json "exports" → "types"). Kept by hand, because the
// bundle consumers import (dist/testing.mjs) is built without tsc: start-igloo.ts implements exactly
// these declarations, so `npm run typecheck` fails when the two part (docs/decisions.md, §6).

/** A whole world as JSON: the body of POST /_igloo/world (README, "A world in one call"). */
export interface WorldDocument {
  developers?: { email: string; password?: string; name?: string }[];
  apps?: {
    /** The owner's email; defaults to the document's first developer. */
    developer?: string;
    name: string;
    display_name?: string;
    redirect_uris?: string[];
    deauthorize_url?: string;
    data_deletion_url?: string;
    privacy_policy_url?: string;
    mode?: 'development' | 'live';
    approved_permissions?: ('instagram_graph_user_profile' | 'instagram_graph_user_media')[];
    /** Usernames, accepted at once. */
    testers?: string[];
  }[];
  accounts?: {
    username: string;
    /** "igloo-demo" when omitted. */
    password?: string;
    full_name?: string;
    account_type?: 'PERSONAL' | 'MEDIA_CREATOR' | 'BUSINESS';
    /** Sample posts to generate, like the demo world's. */
    media_count?: number;
  }[];
  media?: {
    username: string;
    media_type?: 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';
    caption?: string;
    /** ISO 8601 with a zone; defaults to now. */
    taken_at?: string;
    children?: ('IMAGE' | 'VIDEO')[];
  }[];
}

export interface StartIglooOptions {
  /**
   * What igloo starts with: `'demo'` (the default: the demo world of `npm start`), `'empty'`, or a world
   * document. A bad document rejects with an Error whose `code` is `field_invalid` or `field_taken` and
   * whose `field` names the path at fault (`accounts[0].username`).
   */
  world?: 'demo' | 'empty' | WorldDocument;
  /**
   * IGLOO_* settings, as the server's environment would give them (e.g. `{ IGLOO_RATE_LIMIT_PER_HOUR: '5' }`).
   * The process's environment is never read. IGLOO_MODE, IGLOO_BIND_HOST, IGLOO_PORT and IGLOO_DATA_DIR
   * are startIgloo's own: setting them throws.
   */
  config?: Record<string, string>;
  /** A folder for media files, kept by stop(). By default a fresh temporary folder, removed by stop(). */
  dataDir?: string;
}

/** Where each surface answers on igloo's own origin (path mode). */
export interface IglooUrls {
  /** Instagram on the web and the Authorization Window's sign-in: `url` itself. */
  www: string;
  /** The OAuth endpoints (`/oauth/authorize`, `/oauth/access_token`): `url` itself. */
  api: string;
  /** graph.instagram.com: `url + '/graph'`, e.g. `${urls.graph}/me`. */
  graph: string;
  /** The App Dashboard (developers.facebook.com): `url + '/developers'`. */
  developers: string;
  /** The media CDN: `url + '/cdn'`. */
  cdn: string;
  /** The control API: `url + '/_igloo'`. */
  control: string;
}

/** Everything in igloo after startIgloo() or reset(), with the secrets and passwords a test needs. */
export interface IglooWorld {
  developers: { email: string; name: string; password: string }[];
  /** Apps with Instagram Basic Display, oldest first. */
  apps: {
    name: string;
    /** The Facebook App ID (App Dashboard URLs). */
    app_id: string;
    /** The Instagram App ID: `client_id` in OAuth, `app_id` in token(). */
    instagram_app_id: string;
    instagram_app_secret: string;
    display_name: string;
    redirect_uris: string[];
    mode: 'development' | 'live';
    approved_permissions: string[];
    /** Accepted Instagram Testers' usernames, sorted. */
    testers: string[];
  }[];
  accounts: { id: string; username: string; password: string; full_name: string; account_type: string; media_ids: string[] }[];
}

export interface TokenOptions {
  /** The Instagram App ID; defaults to the world's first app's. */
  app_id?: string;
  /** Defaults to that app's first accepted Instagram Tester. */
  username?: string;
  /** Defaults to both; user_profile is required. */
  scopes?: ('user_profile' | 'user_media')[];
  /** `short` (1 hour, the default) or `long` (60 days). */
  kind?: 'short' | 'long';
}

/** What POST /_igloo/tokens answers. */
export interface IssuedToken {
  access_token: string;
  /** The app-scoped user id the code exchange gives. */
  user_id: string;
  /** Seconds until the token expires. */
  expires_in: number;
}

/** The virtual clock every expiry rule reads (POST /_igloo/clock). It only moves forward. */
export interface IglooClock {
  now(): Date;
  /** Moves time forward by a duration like `'90s'`, `'61m'`, `'25h'`, `'2d'`, or a number of ms; resolves to the new time. */
  advance(by: string | number): Promise<Date>;
  /** Moves time forward to an ISO 8601 instant with a zone (never back); resolves to the new time. */
  set(instant: string): Promise<Date>;
}

export interface Igloo {
  /** igloo's origin, `http://127.0.0.1:<port>`. A request whose Host header names a surface (e.g. graph.instagram.com) is served at that surface's root instead. */
  url: string;
  urls: IglooUrls;
  /** The current world; reset() replaces it. */
  readonly world: IglooWorld;
  /**
   * A token as if the account had passed the Authorization Window and the code exchange, after the
   * window's checks. Rejects with an Error whose `code` says why (`app_not_found`, `account_not_found`,
   * `not_a_tester`, `permission_not_approved`, `scope_invalid`).
   */
  token(options?: TokenOptions): Promise<IssuedToken>;
  /**
   * Wipes every row, media file, cache, fault rule and the clock offset (POST /_igloo/reset), then
   * creates a world: by default the one startIgloo() was given (with new ids and secrets); `{ demo: true }`
   * the demo world and `{ demo: false }` none, as POST /_igloo/reset does; or `{ world }`.
   */
  reset(options?: { demo?: boolean; world?: 'demo' | 'empty' | WorldDocument }): Promise<IglooWorld>;
  clock: IglooClock;
  /** Closes the server and the database and removes the temporary data dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** A real igloo in this process, in emulator mode, on 127.0.0.1 and a free port, over in-memory SQLite. */
export declare function startIgloo(options?: StartIglooOptions): Promise<Igloo>;

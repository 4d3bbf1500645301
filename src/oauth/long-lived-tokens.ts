// Long-lived tokens on graph.instagram.com (spec §3.2–3.3, DESIGN.md §5): a short-lived token and the
// Instagram App Secret buy a 60-day token; refreshing a long-lived token keeps its string and extends it
// to 60 days from the refresh, at most once in 24 hours (sooner, it comes back unchanged, with its
// remaining lifetime).
import { HOUR, type Clock } from '../clock.ts';
import type { AppService } from '../apps/app-service.ts';
import { sha256Hex } from '../digests.ts';
import type { AccessTokens } from './access-tokens.ts';
import { LONG_LIVED_MS } from './oauth-service.ts';
import { formatScopes } from './scopes.ts';
import { TokenError } from './token-error.ts';
import type { TokenRepository } from './token-repository.ts';

export interface TokenGrant {
  accessToken: string;
  tokenType: 'bearer';
  /** Seconds until the returned token expires (≤ 5 184 000). */
  expiresIn: number;
}

/**
 * A token refreshes once it is 24 hours old ("at least 24 hours old but has not expired", spec §3.3), its
 * age counting from its last refresh, else from its issue: a refresh starts a new 60-day life ("valid for
 * 60 days from the date at which they are refreshed"), and craftagram's maintainer reads the rule as "will
 * only refresh after it has been active for 24 hours" (https://github.com/jsmrtn/craftagram/issues/7). So
 * a client that refreshes on every page load, as some did (https://github.com/stevenschobert/instafeed.js/issues/747),
 * extends its token once a day, and a refresh returning a token 172 s short of 60 days
 * (https://github.com/bk-rs/instagram-apis-rs, tests/response_body_files/refresh_access_token_ok.json)
 * is a token refreshed or issued 172 s before.
 */
export const REFRESH_MIN_AGE_MS = 24 * HOUR;

export function createLongLivedTokens(deps: { accessTokens: AccessTokens; tokens: TokenRepository; apps: AppService; clock: Clock }) {
  const { accessTokens, tokens, apps, clock } = deps;

  const issueLongLived = async (principal: Awaited<ReturnType<AccessTokens['authenticate']>>): Promise<TokenGrant> => {
    const issued = accessTokens.newToken({
      igAppId: principal.igAppId,
      accountId: principal.accountId,
      kind: 'long',
      scopes: formatScopes([...principal.scopes]),
      // Kept, so that replaying the original code also revokes what was exchanged from it.
      codeHash: principal.codeHash,
      lifetimeMs: LONG_LIVED_MS,
    });
    await tokens.insert(issued.row);
    return { accessToken: issued.raw, tokenType: 'bearer', expiresIn: LONG_LIVED_MS / 1000 };
  };

  return {
    /** GET /access_token?grant_type=ig_exchange_token&client_secret=…&access_token=… */
    async exchange(params: { grantType?: string; clientSecret?: string; accessToken?: string }): Promise<TokenGrant> {
      if (params.grantType !== 'ig_exchange_token') throw new TokenError('grant_type_unsupported', 'Unsupported grant_type');
      if (!params.clientSecret) throw new TokenError('client_secret_missing', 'Missing client_secret parameter.');
      const principal = await accessTokens.authenticate(params.accessToken);
      if (!(await apps.verifyInstagramAppSecret(principal.igAppId, params.clientSecret))) {
        throw new TokenError('client_secret_invalid', 'Error validating client secret');
      }
      if (principal.kind !== 'short') throw new TokenError('token_not_short_lived', '(#100) Only short-lived access tokens can be exchanged for long-lived ones');
      return issueLongLived(principal);
    },

    /**
     * GET /refresh_access_token?grant_type=ig_refresh_token&access_token=… The same token string comes
     * back, extended: "this doesn't change the token, it just refreshes its validity"
     * (https://github.com/stevenschobert/instafeed.js/issues/747, https://github.com/jsmrtn/craftagram/issues/62).
     */
    async refresh(params: { grantType?: string; accessToken?: string }): Promise<TokenGrant> {
      if (params.grantType !== 'ig_refresh_token') throw new TokenError('grant_type_unsupported', 'Unsupported grant_type');
      const principal = await accessTokens.authenticate(params.accessToken);
      const raw = params.accessToken as string;
      if (principal.kind !== 'long') throw new TokenError('token_not_long_lived', '(#100) Only long-lived access tokens can be refreshed');
      const now = clock.now();
      if (now - (principal.refreshedAt ?? principal.issuedAt) < REFRESH_MIN_AGE_MS) {
        // DESIGN.md §5: within 24 hours, the same token with its remaining lifetime.
        return { accessToken: raw, tokenType: 'bearer', expiresIn: Math.floor((principal.expiresAt - now) / 1000) };
      }
      if (!(await tokens.extend(sha256Hex(raw), now, now + LONG_LIVED_MS))) {
        // Revoked while this refresh ran: refused as the next check of the token refuses it.
        await accessTokens.authenticate(raw);
      }
      return { accessToken: raw, tokenType: 'bearer', expiresIn: LONG_LIVED_MS / 1000 };
    },
  };
}

export type LongLivedTokens = ReturnType<typeof createLongLivedTokens>;

// Instagram Testers: a developer invites an Instagram username; the user accepts on Instagram
// (Edit Profile > Apps and Websites > Tester Invites). Only accepted testers may authorize an app in
// Development mode (spec §1.3–1.4).
import type { AccountService } from '../accounts/account-service.ts';
import type { Clock } from '../clock.ts';
import { AppError } from './app-entity.ts';
import type { AppService } from './app-service.ts';
import type { Tester, TesterListing, TesterRepository } from './tester-repository.ts';

/** Most apps may have up to 50 testers; Instagram Testers are assumed to count (spec §1.3). */
export const MAX_INSTAGRAM_TESTERS = 50;

export interface TesterServiceDeps {
  testers: TesterRepository;
  accounts: AccountService;
  apps: Pick<AppService, 'getInstagramApp'>;
  /** Ends an account's tokens and codes for an app (see GrantRepository.revokeAccess). */
  revokeAccess: (igAppId: string, accountId: string, at: number, reason: string) => Promise<void>;
  clock: Clock;
}

export function createTesterService(deps: TesterServiceDeps) {
  const { testers, accounts, apps, revokeAccess, clock } = deps;
  return {
    /** Roles > Add Instagram Testers: invites an account by username. */
    async invite(igAppId: string, username: string): Promise<Tester> {
      const account = await accounts.getAccountByUsername(username);
      if (await testers.find(igAppId, account.id)) throw new AppError('tester_exists', `${account.username} is already an Instagram Tester of this app.`);
      if ((await testers.countOfApp(igAppId)) >= MAX_INSTAGRAM_TESTERS) {
        throw new AppError('tester_limit_reached', `An app can have at most ${MAX_INSTAGRAM_TESTERS} Instagram Testers.`);
      }
      const now = clock.now();
      const tester: Tester = { igAppId, accountId: account.id, status: 'pending', invitedAt: now, updatedAt: now };
      await testers.insert(tester);
      return tester;
    },
    async accept(igAppId: string, accountId: string): Promise<void> {
      const tester = await testers.find(igAppId, accountId);
      if (!tester) throw new AppError('tester_not_found', 'There is no invitation from this app.');
      await testers.setStatus(igAppId, accountId, 'accepted', clock.now());
    },
    async decline(igAppId: string, accountId: string): Promise<void> {
      if (!(await testers.delete(igAppId, accountId))) throw new AppError('tester_not_found', 'There is no invitation from this app.');
    },
    /**
     * Roles > Remove. In Development mode the role is all that lets the account use the app, so its
     * tokens and unused codes end with it (spec §3.4); a Live app keeps serving the account.
     */
    async remove(igAppId: string, accountId: string): Promise<void> {
      if (!(await testers.delete(igAppId, accountId))) throw new AppError('tester_not_found', 'This account is not an Instagram Tester of this app.');
      const app = await apps.getInstagramApp(igAppId);
      if (app.mode === 'development') await revokeAccess(igAppId, accountId, clock.now(), 'tester_removed');
    },
    async isAcceptedTester(igAppId: string, accountId: string): Promise<boolean> {
      return (await testers.find(igAppId, accountId))?.status === 'accepted';
    },
    find: (igAppId: string, accountId: string) => testers.find(igAppId, accountId),
    /** Roles > Roles > Instagram Testers: every invited account with its status. */
    listTesters: (igAppId: string): Promise<TesterListing[]> => testers.listOfApp(igAppId),
    /** Apps and Websites > Tester Invites: the invitations waiting for this account's answer. */
    listInvites: (accountId: string) => testers.listPendingOfAccount(accountId),
  };
}

export type TesterService = ReturnType<typeof createTesterService>;

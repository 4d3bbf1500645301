// Instagram Testers: a developer invites an Instagram username; the user accepts on Instagram
// (Edit Profile > Apps and Websites > Tester Invites). Only accepted testers may authorize an app in
// Development mode (spec §1.3–1.4).
import type { AccountService } from '../accounts/account-service.ts';
import type { Clock } from '../clock.ts';
import { AppError } from './app-entity.ts';
import type { Tester, TesterListing, TesterRepository } from './tester-repository.ts';

/** Most apps may have up to 50 testers; Instagram Testers are assumed to count (spec §1.3). */
export const MAX_INSTAGRAM_TESTERS = 50;

export function createTesterService(deps: { testers: TesterRepository; accounts: AccountService; clock: Clock }) {
  const { testers, accounts, clock } = deps;
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
    async remove(igAppId: string, accountId: string): Promise<void> {
      if (!(await testers.delete(igAppId, accountId))) throw new AppError('tester_not_found', 'This account is not an Instagram Tester of this app.');
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

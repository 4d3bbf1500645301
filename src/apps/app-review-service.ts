// App Review for Instagram Basic Display: "Add to Submission" per permission, and the reviewer's
// approval. Emulator mode approves at once; service mode waits for an operator (DESIGN.md §6).
import type { Clock } from '../clock.ts';
import { AppError, checkPermission, PERMISSIONS, type Permission, type ReviewStatus } from './app-entity.ts';
import type { AppRepository } from './app-repository.ts';

export type ReviewStatuses = Record<Permission, ReviewStatus>;

export function createAppReviewService(deps: { apps: AppRepository; clock: Clock; instantApproval: boolean }) {
  const { apps, clock, instantApproval } = deps;

  const statuses = async (igAppId: string): Promise<ReviewStatuses> => {
    const out = Object.fromEntries(PERMISSIONS.map((p) => [p, 'not_submitted'])) as ReviewStatuses;
    for (const review of await apps.listPermissionReviews(igAppId)) {
      if (review.status === 'submitted' || review.status === 'approved') out[review.permission] = review.status;
    }
    return out;
  };

  return {
    statuses,

    /** "Add to Submission" (spec §1.2). An approved permission stays approved. */
    async submit(igAppId: string, rawPermission: string): Promise<ReviewStatus> {
      const permission = checkPermission(rawPermission);
      const current = (await statuses(igAppId))[permission];
      if (current === 'approved') return current;
      const next: ReviewStatus = instantApproval ? 'approved' : 'submitted';
      await apps.setPermissionReview(igAppId, permission, next, clock.now());
      return next;
    },

    /** The operator's decision (`igloo review approve`). */
    async approve(igAppId: string, rawPermission: string): Promise<void> {
      const permission = checkPermission(rawPermission);
      if (!/^\d{1,32}$/.test(igAppId) || !(await apps.findInstagramApp(igAppId))) throw new AppError('app_not_found', 'No Instagram app has this Instagram App ID.');
      await apps.setPermissionReview(igAppId, permission, 'approved', clock.now());
    },

    /** Submissions waiting for an operator, oldest first (`igloo review list`). */
    listSubmitted: () => apps.listSubmittedReviews(),
  };
}

export type AppReviewService = ReturnType<typeof createAppReviewService>;

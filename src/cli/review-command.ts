// igloo review: the operator's side of App Review in service mode (DESIGN.md §6). Submissions made
// with "Add to Submission" wait here until an operator approves them; emulator mode approves at once.
import { AppError } from '../apps/app-entity.ts';
import { loadConfig } from '../config/load-config.ts';
import { createServices } from '../services.ts';

export const REVIEW_USAGE = `  review list           list App Review submissions waiting for an operator (service mode)
  review approve <instagram-app-id> <permission>
                        approve instagram_graph_user_profile or instagram_graph_user_media
`;

/** Runs `igloo review …`; returns the exit code. */
export async function reviewCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const listing = action === 'list' && rest.length === 0;
  const approving = action === 'approve' && rest.length === 2;
  if (!listing && !approving) {
    process.stderr.write(`igloo: review needs "list" or "approve <instagram-app-id> <permission>"\n\nUsage:\n${REVIEW_USAGE}`);
    return 2;
  }
  const { services, close } = await createServices(loadConfig());
  try {
    if (listing) {
      const waiting = await services.reviews.listSubmitted();
      if (waiting.length === 0) process.stdout.write('No submissions are waiting for review.\n');
      for (const item of waiting) process.stdout.write(`${item.igAppId}  ${item.permission}  ${item.displayName}  submitted ${new Date(item.submittedAt).toISOString()}\n`);
      return 0;
    }
    const [igAppId = '', permission = ''] = rest;
    await services.reviews.approve(igAppId, permission);
    process.stdout.write(`Approved ${permission} for Instagram app ${igAppId}.\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    process.stderr.write(`igloo: ${error.message}\n`);
    return 1;
  } finally {
    await close();
  }
}

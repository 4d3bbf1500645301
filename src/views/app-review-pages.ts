// App Review for Instagram Basic Display: each permission with its status and "Add to Submission"
// (spec §1.2, §1.4). Shown on the Basic Display page and on the App Review page.
import type { Permission, ReviewStatus } from '../apps/app-entity.ts';
import { csrfInput } from './dashboard-forms.ts';
import { appPath, dashboardLayout, type DashboardChrome, type Notice } from './dashboard-layout.ts';
import { html, type Html } from './html.ts';

const PERMISSION_TEXT: Record<Permission, string> = {
  instagram_graph_user_profile: "Read an app user's profile information: username, account type and media count.",
  instagram_graph_user_media: "Read an app user's photos, videos, albums and their captions.",
};

const STATUS: Record<ReviewStatus, { label: string; className: string }> = {
  not_submitted: { label: 'Not submitted', className: 'badge' },
  submitted: { label: 'In review', className: 'badge wait' },
  approved: { label: 'Approved', className: 'badge ok' },
};

/** Where "Add to Submission" returns to. */
export type ReviewReturn = 'basic-display' | 'app-review';

export function reviewTable(model: { base: string; appId: string; csrfToken: string; statuses: Record<Permission, ReviewStatus>; returnTo: ReviewReturn }): Html {
  const action = `${model.base}${appPath(model.appId, 'app-review/submit/')}`;
  return html`<ul class="items" aria-label="Permissions">
${(Object.keys(model.statuses) as Permission[]).map((permission) => {
  const status = model.statuses[permission];
  return html`<li class="item" data-permission="${permission}">
<div class="body"><code>${permission}</code><p class="hint">${PERMISSION_TEXT[permission]}</p></div>
<div class="side"><span class="${STATUS[status].className}">${STATUS[status].label}</span>
${status === 'not_submitted'
    ? html`<form method="post" action="${action}">${csrfInput(model.csrfToken)}<input type="hidden" name="permission" value="${permission}"><input type="hidden" name="next" value="${model.returnTo}"><button class="btn btn-secondary btn-small" type="submit">Add to Submission</button></form>`
    : ''}</div>
</li>`;
})}
</ul>`;
}

export interface AppReviewModel {
  chrome: DashboardChrome;
  appId: string;
  statuses: Record<Permission, ReviewStatus> | undefined;
  notice?: Notice;
}

export function appReviewPage(model: AppReviewModel): Html {
  const { base, csrfToken } = model.chrome;
  return dashboardLayout({
    title: 'App Review',
    chrome: model.chrome,
    active: 'app-review',
    notice: model.notice,
    body: html`<h1>Permissions and Features</h1>
<div class="card">
<h2>App Review for Instagram Basic Display</h2>
<p class="lead">In Live mode, people who are not Instagram Testers can grant only approved permissions. Testers can use every permission in both modes.</p>
${model.statuses
    ? reviewTable({ base, appId: model.appId, csrfToken, statuses: model.statuses, returnTo: 'app-review' })
    : html`<p>Create an Instagram app first: <a href="${base}${appPath(model.appId, 'products/')}">Products</a> › Instagram Basic Display › Create New App.</p>`}
</div>`,
  });
}

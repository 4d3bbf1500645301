// /{username}/: the profile header (username, post count, full name) and the grid of posts, newest
// first, each tile linking to its permalink.
import type { MediaType } from '../media/media-entity.ts';
import { html, type Html } from './html.ts';
import { avatar, instagramPage, type Viewer } from './instagram-shell.ts';

export interface ProfileTile {
  shortcode: string;
  mediaType: MediaType;
  caption: string | null;
}

export interface ProfileModel {
  viewer: Viewer | undefined;
  username: string;
  fullName: string;
  postCount: number;
  /** Newest first. */
  tiles: ProfileTile[];
}

const KIND: Record<MediaType, string> = { IMAGE: 'Photo', VIDEO: 'Video', CAROUSEL_ALBUM: 'Album' };

/** What a tile's image says to a screen reader: its kind, owner and the start of the caption. */
export function tileText(tile: ProfileTile, username: string): string {
  const caption = tile.caption ? `: ${tile.caption.length > 100 ? `${tile.caption.slice(0, 100)}…` : tile.caption}` : '';
  return `${KIND[tile.mediaType]} by ${username}${caption}`;
}

function tile(item: ProfileTile, username: string): Html {
  return html`<a class="tile" href="/p/${item.shortcode}/">
    <img src="/media/${item.shortcode}/0/thumbnail" alt="${tileText(item, username)}" loading="lazy">
    ${item.mediaType === 'IMAGE' ? '' : html`<span class="badge" aria-hidden="true">${KIND[item.mediaType]}</span>`}
  </a>`;
}

export function profilePage(model: ProfileModel): Html {
  const own = model.viewer?.username === model.username;
  const posts = model.postCount === 1 ? 'post' : 'posts';
  const empty = own
    ? html`<div class="empty"><h2>Share photos</h2><p>When you share photos and videos, they will appear on your profile.</p><p><a href="/create/">Share your first photo or video</a></p></div>`
    : html`<div class="empty"><h2>No posts yet</h2></div>`;
  return instagramPage({
    title: `${model.fullName ? `${model.fullName} (@${model.username})` : `@${model.username}`} • Instagram photos and videos`,
    viewer: model.viewer,
    body: html`<section class="profile-head">
  ${avatar(model.username, 'l')}
  <div>
    <div class="profile-line">
      <h1 class="profile-username">${model.username}</h1>
      ${own ? html`<a class="button-link" href="/accounts/edit/">Edit profile</a>` : ''}
    </div>
    <p id="post-count"><strong>${model.postCount}</strong> ${posts}</p>
    ${model.fullName ? html`<p><strong>${model.fullName}</strong></p>` : ''}
  </div>
</section>
${model.tiles.length > 0 ? html`<div class="grid">${model.tiles.map((t) => tile(t, model.username))}</div>` : empty}
${model.postCount > model.tiles.length ? html`<p class="muted center">Showing the ${model.tiles.length} newest posts.</p>` : ''}`,
  });
}

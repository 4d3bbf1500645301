// /p/{shortcode}/: a post's photos and videos in order (an album scrolls sideways, with numbered links
// to each item, no script) beside its owner and caption.
import type { MediaType } from '../media/media-entity.ts';
import { html, type Html } from './html.ts';
import { avatar, instagramPage, longDate, type Viewer } from './instagram-shell.ts';

export interface PostItem {
  mediaType: Exclude<MediaType, 'CAROUSEL_ALBUM'>;
  width: number;
  height: number;
}

export interface PostModel {
  viewer: Viewer | undefined;
  shortcode: string;
  owner: { username: string; fullName: string };
  caption: string | null;
  takenAt: number;
  items: PostItem[];
  /** The album's permalink when this is one of its items. */
  albumShortcode: string | null;
}

function item(model: PostModel, media: PostItem, index: number): Html {
  const src = `/media/${model.shortcode}/${index}`;
  const label = `${media.mediaType === 'VIDEO' ? 'Video' : 'Photo'} ${index + 1} of ${model.items.length} by ${model.owner.username}`;
  const body =
    media.mediaType === 'VIDEO'
      ? html`<video controls playsinline preload="metadata" poster="${src}/thumbnail" src="${src}" width="${media.width}" height="${media.height}" aria-label="${label}"></video>`
      : html`<img src="${src}" alt="${label}" width="${media.width}" height="${media.height}">`;
  const count = model.items.length > 1 ? html`<figcaption class="count" aria-hidden="true">${index + 1} / ${model.items.length}</figcaption>` : '';
  return html`<figure class="slide" id="item-${index + 1}">${body}${count}</figure>`;
}

export function postPage(model: PostModel): Html {
  const { owner } = model;
  const many = model.items.length > 1;
  return instagramPage({
    title: `${owner.fullName || owner.username} on Instagram${model.caption ? `: "${model.caption.slice(0, 80)}"` : ''}`,
    viewer: model.viewer,
    body: html`<article class="post">
  <div class="post-media">
    <div class="slides">${model.items.map((m, i) => item(model, m, i))}</div>
    ${many ? html`<nav class="dots" aria-label="Album items">${model.items.map((_m, i) => html`<a href="#item-${i + 1}">${i + 1}</a>`)}</nav>` : ''}
  </div>
  <div class="post-side post-owner">
    <a class="owner" href="/${owner.username}/">${avatar(owner.username, 'm')}<span>${owner.username}</span></a>
  </div>
  <div class="post-side post-details">
    ${model.caption ? html`<p class="caption" id="caption"><a href="/${owner.username}/"><strong>${owner.username}</strong></a> ${model.caption}</p>` : ''}
    ${model.albumShortcode ? html`<p><a href="/p/${model.albumShortcode}/">Part of an album: see all of it</a></p>` : ''}
    <p class="muted">${longDate(model.takenAt)}</p>
  </div>
</article>`,
  });
}

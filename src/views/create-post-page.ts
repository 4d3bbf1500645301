// /create/: the new post form — one photo or video, or up to 10 for an album, and a caption — posted
// as multipart with no script; a refusal is shown under the field it is about.
import { MAX_ALBUM_ITEMS, MAX_CAPTION_LENGTH } from '../media/media-entity.ts';
import { csrfInput, fieldError } from './form-fields.ts';
import { html, type Html } from './html.ts';
import { instagramPage, type Viewer } from './instagram-shell.ts';

export interface CreatePostModel {
  viewer: Viewer;
  maxUploadMb: number;
  caption?: string;
  errors?: { media?: string; caption?: string };
}

export function createPostPage(model: CreatePostModel): Html {
  const errors = model.errors ?? {};
  const invalid = (id: string, error: string | undefined) => (error ? html` aria-invalid="true" aria-describedby="${id}-error"` : html``);
  return instagramPage({
    title: 'Create new post • Instagram',
    viewer: model.viewer,
    body: html`<div class="narrow"><div class="card">
  <h1>Create new post</h1>
  <form method="post" action="/create/" enctype="multipart/form-data">
    ${csrfInput(model.viewer.csrfToken)}
    <label for="media">Photos and videos</label>
    <input id="media" type="file" name="media" accept="image/*,video/*" multiple required${invalid('media', errors.media)}>
    ${fieldError('media', errors.media)}
    <p class="hint">One photo or video, or up to ${MAX_ALBUM_ITEMS} for an album, ${model.maxUploadMb} MB in all. JPEG, PNG or WebP photos; MP4 or MOV videos.</p>
    <label for="caption">Caption</label>
    <textarea id="caption" name="caption" rows="5" maxlength="${MAX_CAPTION_LENGTH}"${invalid('caption', errors.caption)}>${model.caption ?? ''}</textarea>
    ${fieldError('caption', errors.caption)}
    <p class="hint">Up to ${MAX_CAPTION_LENGTH.toLocaleString('en-US')} characters.</p>
    <button class="primary" type="submit">Share</button>
  </form>
</div></div>`,
  });
}

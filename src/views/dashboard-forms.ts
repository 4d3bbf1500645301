// Form pieces of the App Dashboard: labelled fields whose error message sits right under the field
// (linked by aria-describedby), the CSRF input every POST form carries, and buttons.
import { html, type Html } from './html.ts';

/** Messages per field name, shown next to the field. */
export type FieldErrors = Partial<Record<string, string>>;

export function csrfInput(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** A POST form with its CSRF token. */
export function postForm(model: { action: string; csrfToken: string; body: Html | Html[]; className?: string; id?: string }): Html {
  return html`<form method="post" action="${model.action}"${model.className ? html` class="${model.className}"` : ''}${model.id ? html` id="${model.id}"` : ''}>
${csrfInput(model.csrfToken)}
${model.body}
</form>`;
}

interface FieldBase {
  id: string;
  /** The form field name; the id when absent. */
  name?: string;
  label: string;
  error?: string;
  hint?: string;
}

function described(field: FieldBase): Html {
  const ids = [field.hint ? `${field.id}-hint` : '', field.error ? `${field.id}-error` : ''].filter(Boolean).join(' ');
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${field.error ? html` aria-invalid="true"` : ''}`;
}

function after(field: FieldBase): Html {
  return html`${field.hint ? html`<p class="hint" id="${field.id}-hint">${field.hint}</p>` : ''}${field.error ? html`<p class="field-error" id="${field.id}-error">${field.error}</p>` : ''}`;
}

export function textField(
  field: FieldBase & { value?: string | null; type?: 'text' | 'email' | 'password' | 'url'; required?: boolean; readonly?: boolean; autocomplete?: string; placeholder?: string },
): Html {
  return html`<div class="field">
<label for="${field.id}">${field.label}</label>
<input id="${field.id}" name="${field.name ?? field.id}" type="${field.type ?? 'text'}" value="${field.value ?? ''}"${field.required ? html` required` : ''}${field.readonly ? html` readonly` : ''}${field.autocomplete ? html` autocomplete="${field.autocomplete}"` : ''}${field.placeholder ? html` placeholder="${field.placeholder}"` : ''}${described(field)}>
${after(field)}
</div>`;
}

export function textAreaField(field: FieldBase & { value: string; rows?: number; placeholder?: string }): Html {
  return html`<div class="field">
<label for="${field.id}">${field.label}</label>
<textarea id="${field.id}" name="${field.name ?? field.id}" rows="${field.rows ?? 3}" spellcheck="false"${field.placeholder ? html` placeholder="${field.placeholder}"` : ''}${described(field)}>${field.value}</textarea>
${after(field)}
</div>`;
}

export function selectField(field: FieldBase & { value: string; options: readonly string[] }): Html {
  return html`<div class="field">
<label for="${field.id}">${field.label}</label>
<select id="${field.id}" name="${field.name ?? field.id}"${described(field)}>
${field.options.map((option) => html`<option value="${option}"${option === field.value ? html` selected` : ''}>${option}</option>`)}
</select>
${after(field)}
</div>`;
}

/** A read-only value with a label, e.g. App ID. */
export function readOnlyField(model: { id: string; label: string; value: string }): Html {
  return html`<div class="field">
<label for="${model.id}">${model.label}</label>
<input id="${model.id}" type="text" value="${model.value}" readonly>
</div>`;
}

/** The bar at the bottom of a settings card, holding its submit button. */
export function formActions(...buttons: Html[]): Html {
  return html`<div class="actions">${buttons}</div>`;
}

export function submitButton(label: string, kind: 'primary' | 'secondary' | 'danger' = 'primary', extra?: { name: string; value: string }): Html {
  return html`<button class="btn btn-${kind}" type="submit"${extra ? html` name="${extra.name}" value="${extra.value}"` : ''}>${label}</button>`;
}

/** A link that looks like a button (navigation, never a state change). */
export function linkButton(href: string, label: string, kind: 'primary' | 'secondary' = 'secondary'): Html {
  return html`<a class="btn btn-${kind}" href="${href}">${label}</a>`;
}

// Form pieces shared by the Instagram web pages: a labelled field with its error message right below
// it (tied to the input by aria-describedby), and the CSRF input every form carries.
import { html, type Html } from './html.ts';

export interface FieldModel {
  id: string;
  name: string;
  label: string;
  type?: 'text' | 'password';
  value?: string;
  error?: string;
  autocomplete?: string;
  maxlength?: number;
  required?: boolean;
  /** Usernames: no capital letter on phones. */
  noAutocapitalize?: boolean;
}

/** A field's error message, placed right after the field; `role=alert` so it is read out. */
export function fieldError(id: string, error: string | undefined): Html {
  return error ? html`<p class="error field-error" id="${id}-error" role="alert">${error}</p>` : html``;
}

export function textField(field: FieldModel): Html {
  const described = field.error ? html` aria-invalid="true" aria-describedby="${field.id}-error"` : html``;
  return html`<label for="${field.id}">${field.label}</label>
    <input id="${field.id}" type="${field.type ?? 'text'}" name="${field.name}" value="${field.type === 'password' ? '' : (field.value ?? '')}"${
      field.autocomplete ? html` autocomplete="${field.autocomplete}"` : html``
    }${field.maxlength ? html` maxlength="${field.maxlength}"` : html``}${field.required ? html` required` : html``}${
      field.noAutocapitalize ? html` autocapitalize="off"` : html``
    }${described}>
    ${fieldError(field.id, field.error)}`;
}

export function csrfInput(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

// A "Copy" button that puts a value on the clipboard and says so for a moment.
import { h } from '../dom.js';

export function copyButton(getValue, what = 'value') {
  const btn = h('button', { type: 'button', class: 'btn btn-sm', 'aria-label': `Copy ${what}`, 'data-testid': 'copy-button' }, 'Copy');
  btn.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(getValue());
      btn.textContent = 'Copied';
    } catch {
      btn.textContent = 'Select and copy';
    }
    setTimeout(() => { btn.textContent = 'Copy'; }, 1500);
  });
  return btn;
}

// How dates, statuses and secret kinds read on screen.
export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

// "azure_service_principal" -> "Azure service principal" when no schema label is at hand.
export function humanize(key) {
  const s = String(key || '').replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function statusClass(status) {
  const s = String(status || '').toLowerCase();
  // Catalog statuses: New | Healthy | Syncing | Warning | Error.
  if (s === 'healthy') return 'badge badge-ok';
  if (s === 'error') return 'badge badge-error';
  if (s === 'warning') return 'badge badge-warn';
  if (s === 'syncing') return 'badge badge-busy';
  return 'badge badge-new';
}

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

// 5432100 -> "5.2 MB" (binary multiples, labelled the way file browsers do).
export function formatBytes(n) {
  let v = Number(n) || 0;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i += 1; }
  return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatCount(n) {
  return (Number(n) || 0).toLocaleString();
}

// An amount in its ISO currency; an unknown code still shows the number and the code.
export function formatMoney(amount, currency) {
  try {
    return Number(amount).toLocaleString(undefined, { style: 'currency', currency });
  } catch {
    return `${Number(amount).toLocaleString(undefined, { maximumFractionDigits: 2 })} ${currency}`;
  }
}

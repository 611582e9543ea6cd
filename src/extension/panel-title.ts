// The title of a Connect-to-URL panel: its method and path first, then its label (the
// host, made unique), so several tabs on one server can be told apart at a glance. No
// query string: it may carry a token.

export function adHocTitle(label: string, method: string | undefined, url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname || '/';
  } catch {
    return label;
  }
  return `${(method ?? 'GET').toUpperCase()} ${path} · ${label}`;
}

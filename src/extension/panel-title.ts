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

/** The title of a connection's panel: a profile's label, or the Connect-to-URL title. The panel restorer finds panels by it. */
export function panelTitle(c: { label: string; fromProfile: boolean; spec: { method?: string }; request: { url: string } }): string {
  return c.fromProfile ? c.label : adHocTitle(c.label, c.spec.method, c.request.url);
}

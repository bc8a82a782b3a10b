// URLs of the detail page. `back` is the Events page's query string (without "?"), carried along
// so that Escape and "Back to search" return to the same search.

export function eventHref(id: string, back: string | null): string {
  return back ? `/events/${encodeURIComponent(id)}?back=${encodeURIComponent(back)}` : `/events/${encodeURIComponent(id)}`;
}

export function searchHref(back: string | null): string {
  return back ? `/events?${back}` : "/events";
}

/** The `back` search parameter as the page receives it, or null. */
export function backParam(v: string | string[] | undefined): string | null {
  const raw = Array.isArray(v) ? v[0] : v;
  if (!raw) return null;
  const clean = raw.replace(/^\?/, "").slice(0, 4000);
  return clean === "" ? null : clean;
}

// next-auth refuses a callback URL that is neither a path nor an http(s) URL by throwing, which
// answers 500 on every auth endpoint and page while such a cookie is set (a planted cookie would
// lock a browser out). The auth route checks them first and clears a bad cookie.

export const CALLBACK_URL_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

/** next-auth's own test: a path on this site, or an absolute http(s) URL. */
export function isAcceptableCallbackUrl(value: string, origin: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? origin : undefined).protocol);
  } catch {
    return false;
  }
}

/** What is wrong with the request's callback URLs: the parameter, or the names of bad cookies. */
export function badCallbackUrls(req: Request): { param: boolean; cookies: string[] } {
  const url = new URL(req.url);
  const param = url.searchParams.get("callbackUrl");
  const cookies: string[] = [];
  for (const pair of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    if (eq < 0 || !CALLBACK_URL_COOKIES.includes(name)) continue;
    if (!isAcceptableCallbackUrl(safeDecode(pair.slice(eq + 1).trim()), url.origin)) cookies.push(name);
  }
  return { param: param !== null && param !== "" && !isAcceptableCallbackUrl(param, url.origin), cookies };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

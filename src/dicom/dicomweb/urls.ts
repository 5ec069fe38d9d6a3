/**
 * Credentials never travel in a shown or logged URL (issue 24 class 7). A service root typed as
 * "http://user:password@host/dicom-web" (RFC 3986 3.2.1 userinfo, deprecated for passwords) is split into
 * the address and a basic sign-in; every message built from a URL goes through `redactCredentials`.
 */

export interface SplitUrl {
  /** The address without user information. */
  url: string;
  /** The user name and password that were in it, decoded; undefined when there were none. */
  credentials: { username: string; password: string } | undefined;
}

/** Userinfo of an absolute URL: "scheme://userinfo@". */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i;

export function splitCredentials(address: string): SplitUrl {
  const trimmed = address.trim();
  const m = USERINFO.exec(trimmed);
  if (!m) return { url: trimmed, credentials: undefined };
  const userinfo = m[2]!;
  const colon = userinfo.indexOf(':');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return {
    url: `${m[1]}${trimmed.slice(m[0].length)}`,
    credentials: {
      username: decode(colon < 0 ? userinfo : userinfo.slice(0, colon)),
      password: decode(colon < 0 ? '' : userinfo.slice(colon + 1)),
    },
  };
}

/** Any text with the user information of every URL in it removed ("http://a:b@h/x" -> "http://h/x"). */
export function redactCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi, '$1');
}

/**
 * DICOMweb failures as the user should read them. Each kind maps to one sentence the UI can show as is;
 * `detail` keeps the server's own words (HTTP status, body) for support.
 */
export type DicomwebErrorKind =
  | 'unreachable'
  | 'credentials'
  | 'forbidden'
  | 'not-found'
  | 'no-match'
  | 'bad-response'
  | 'server'
  | 'too-large'
  | 'aborted';

export class DicomwebError extends Error {
  readonly kind: DicomwebErrorKind;
  readonly status: number | undefined;
  constructor(kind: DicomwebErrorKind, message: string, status?: number) {
    super(message);
    this.name = 'DicomwebError';
    this.kind = kind;
    this.status = status;
  }
}

/** fetch() rejects with a TypeError when no HTTP answer came back at all (refused, DNS, TLS, CORS). */
export function unreachableError(url: string, thrown: unknown): DicomwebError {
  const cause = thrown instanceof Error && thrown.cause instanceof Error ? ` (${thrown.cause.message})` : '';
  return new DicomwebError(
    'unreachable',
    `Cannot reach ${url}${cause}. Check the address, that the server runs, and (in a browser) that it is served through this app's origin or a proxy.`,
  );
}

/**
 * Maps an HTTP error status to a message. PS3.18 8.6 lists the status codes of the RESTful services;
 * 401/403 come from the web server's authentication in front of them.
 */
export function httpError(url: string, status: number, statusText: string, body: string): DicomwebError {
  const said = body.trim().slice(0, 200);
  const suffix = said ? `: ${said}` : '';
  if (status === 401) {
    return new DicomwebError(
      'credentials',
      `The server refused the credentials (HTTP 401) for ${url}.`,
      status,
    );
  }
  if (status === 403) {
    return new DicomwebError('forbidden', `Access denied (HTTP 403) to ${url}.`, status);
  }
  if (status === 502 || status === 504) {
    // A gateway (the app's proxy, or one in front of the PACS) got no answer from the PACS behind it.
    return new DicomwebError(
      'unreachable',
      `Cannot reach the PACS behind ${url} (HTTP ${status})${suffix}`,
      status,
    );
  }
  if (status === 404) {
    return new DicomwebError('not-found', `Not found on the server (HTTP 404): ${url}${suffix}`, status);
  }
  return new DicomwebError(
    'server',
    `The server answered HTTP ${status} ${statusText} for ${url}${suffix}`,
    status,
  );
}

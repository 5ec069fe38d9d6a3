/**
 * A DICOMweb client over fetch (PS3.18): QIDO-RS search, WADO-RS retrieve, STOW-RS store.
 * DOM-free: runs in the browser, in workers and in Node 20+ (global fetch). Credentials live only in the
 * object the caller passes; nothing is stored.
 */

import { readBodyBounded, readTextBounded } from './boundedBody';
import { asDataSets, type DicomJsonDataSet } from './dicomJson';
import { DicomwebError, httpError, unreachableError } from './errors';
import {
  instanceFromJson,
  type PacsInstance,
  type PacsSeries,
  type PacsStudy,
  type StudyQuery,
  seriesFromJson,
  studyFromJson,
  studyQueryParams,
} from './models';
import { boundaryOf, buildMultipart, parseMultipart } from './multipart';
import { redactCredentials, splitCredentials } from './urls';

export type DicomwebAuth =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string };

export interface DicomwebConfig {
  /** Service root, e.g. "/dicom-web" (same origin, through a proxy) or "http://127.0.0.1:8042/dicom-web". */
  baseUrl: string;
  auth?: DicomwebAuth;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** Accept header asking for the stored transfer syntax, so compressed pixels are decoded here (PS3.18 8.7.3.5.2). */
/**
 * Largest DICOM JSON answer read (QIDO-RS lists, WADO-RS metadata): a series of 2,000 instances' metadata is
 * ~20 MB; more is a server fault or a hostile answer, not a study.
 */
export const MAX_JSON_ANSWER_BYTES = 64 * 1024 * 1024;
/** Largest error body kept for the message (only its first 200 characters are shown). */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** One instance when the caller gives no limit of its own (an enhanced CT of ~1,000 frames is ~0.5 GB). */
export const DEFAULT_MAX_INSTANCE_BYTES = 1024 ** 3;

export const ACCEPT_PART10_AS_STORED = 'multipart/related; type="application/dicom"; transfer-syntax=*';

/** Result of a STOW-RS request (PS3.18 10.5.3): what the server kept and what it refused. */
export interface StoreResult {
  stored: string[];
  failed: { sopInstanceUid: string; reason: number | undefined }[];
}

const utf8Base64 = (text: string) => {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
};

function authHeader(auth: DicomwebAuth | undefined): Record<string, string> {
  if (!auth || auth.kind === 'none') return {};
  if (auth.kind === 'bearer') return { Authorization: `Bearer ${auth.token.trim()}` };
  return { Authorization: `Basic ${utf8Base64(`${auth.username}:${auth.password}`)}` };
}

/** Removes user information and a trailing slash, so paths join as "<base>/studies" and no password shows. */
export const normaliseBaseUrl = (url: string) => splitCredentials(url).url.replace(/\/+$/, '');

/**
 * The sign-in a client uses: the configured one, else a user name and password written into the address
 * (which fetch refuses to send from the URL itself).
 */
export function effectiveAuth(config: Pick<DicomwebConfig, 'baseUrl' | 'auth'>): DicomwebAuth {
  if (config.auth && config.auth.kind !== 'none') return config.auth;
  const inUrl = splitCredentials(config.baseUrl).credentials;
  return inUrl ? { kind: 'basic', ...inUrl } : { kind: 'none' };
}

export function createDicomwebClient(config: DicomwebConfig) {
  const base = normaliseBaseUrl(config.baseUrl);
  const doFetch = config.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const headers = authHeader(effectiveAuth(config));

  async function request(path: string, init: RequestInit & { accept: string }): Promise<Response> {
    const url = `${base}${path}`;
    let response: Response;
    try {
      response = await doFetch(url, {
        ...init,
        headers: { ...headers, Accept: init.accept, ...(init.headers as Record<string, string> | undefined) },
      });
    } catch (thrown) {
      if (init.signal?.aborted) throw new DicomwebError('aborted', 'Cancelled.');
      const error = unreachableError(base || url, thrown);
      throw new DicomwebError(error.kind, redactCredentials(error.message), error.status);
    }
    if (!response.ok) {
      const body = await readTextBounded(response, MAX_ERROR_BODY_BYTES, url, 'error text').catch(() => '');
      const error = httpError(url, response.status, response.statusText, body);
      throw new DicomwebError(error.kind, redactCredentials(error.message), error.status);
    }
    return response;
  }

  async function getJson(path: string, signal?: AbortSignal): Promise<DicomJsonDataSet[]> {
    const response = await request(path, { accept: 'application/dicom+json', signal });
    // PS3.18 10.6.3.2: 204 No Content is a valid "no match" answer.
    const text =
      response.status === 204
        ? ''
        : await readTextBounded(response, MAX_JSON_ANSWER_BYTES, `${base}${path}`, 'a DICOM JSON list');
    if (!text.trim()) return [];
    try {
      return asDataSets(JSON.parse(text));
    } catch (thrown) {
      throw new DicomwebError(
        'bad-response',
        `The server's answer to ${base}${path} is not DICOM JSON (${thrown instanceof Error ? thrown.message : String(thrown)}). Is ${base} a DICOMweb service root?`,
      );
    }
  }

  const seg = encodeURIComponent;

  return {
    baseUrl: base,
    /** QIDO-RS: studies matching the query (PS3.18 10.6). An empty array means no match. */
    async searchStudies(query: StudyQuery, signal?: AbortSignal): Promise<PacsStudy[]> {
      return (await getJson(`/studies?${studyQueryParams(query)}`, signal)).map(studyFromJson);
    },
    /** QIDO-RS: the series of a study, optionally only those of one modality (PS3.18 10.6.1.2 matching). */
    async searchSeries(studyUid: string, signal?: AbortSignal, modality?: string): Promise<PacsSeries[]> {
      const fields = ['0008103E', '00201209', '00200011', '00080060'].map((t) => `includefield=${t}`);
      if (modality) fields.unshift(`Modality=${seg(modality)}`);
      const found = await getJson(`/studies/${seg(studyUid)}/series?${fields.join('&')}`, signal);
      return found
        .map(seriesFromJson)
        .map((s) => ({ ...s, studyInstanceUid: s.studyInstanceUid || studyUid }));
    },
    /** QIDO-RS: the instances of a series, in InstanceNumber order where known. */
    async searchInstances(
      studyUid: string,
      seriesUid: string,
      signal?: AbortSignal,
    ): Promise<PacsInstance[]> {
      const found = await getJson(
        `/studies/${seg(studyUid)}/series/${seg(seriesUid)}/instances?includefield=00200013`,
        signal,
      );
      return found.map(instanceFromJson).sort((a, b) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0));
    },
    /** WADO-RS metadata of a series (PS3.18 10.4.1.1.2): one JSON data set per instance, no pixels. */
    seriesMetadata: (studyUid: string, seriesUid: string, signal?: AbortSignal) =>
      getJson(`/studies/${seg(studyUid)}/series/${seg(seriesUid)}/metadata`, signal),
    /**
     * WADO-RS: one instance as a Part 10 file in its stored transfer syntax (PS3.18 10.4.1.1.1).
     * Accepts a multipart answer (the standard) or a bare application/dicom body, of at most `maxBytes`
     * (`maxReason` says where that limit comes from in the refusal).
     */
    async retrieveInstance(
      studyUid: string,
      seriesUid: string,
      sopUid: string,
      signal?: AbortSignal,
      maxBytes = DEFAULT_MAX_INSTANCE_BYTES,
      maxReason = 'the largest single image accepted',
    ): Promise<Uint8Array> {
      const path = `/studies/${seg(studyUid)}/series/${seg(seriesUid)}/instances/${seg(sopUid)}`;
      const response = await request(path, { accept: ACCEPT_PART10_AS_STORED, signal });
      const bytes = await readBodyBounded(response, maxBytes, `image ${sopUid}`, maxReason);
      const boundary = boundaryOf(response.headers.get('content-type') ?? '');
      if (!boundary) return bytes;
      const parts = parseMultipart(bytes, boundary);
      if (parts.length !== 1) {
        throw new DicomwebError('bad-response', `expected 1 DICOM part for ${sopUid}, got ${parts.length}`);
      }
      return parts[0]!.body;
    },
    /** STOW-RS: stores Part 10 files (PS3.18 10.5). Throws when the server stored none of them. */
    async store(files: readonly Uint8Array[], studyUid?: string): Promise<StoreResult> {
      const { body, contentType } = buildMultipart(files);
      const response = await request(studyUid ? `/studies/${seg(studyUid)}` : '/studies', {
        method: 'POST',
        accept: 'application/dicom+json',
        headers: { 'Content-Type': contentType },
        body: body as BodyInit,
      });
      const text = await readTextBounded(
        response,
        MAX_JSON_ANSWER_BYTES,
        `${base}/studies`,
        'a STOW-RS answer',
      );
      const answer = text.trim() ? (JSON.parse(text) as DicomJsonDataSet | DicomJsonDataSet[]) : {};
      const ds = Array.isArray(answer) ? (answer[0] ?? {}) : answer;
      const items = (tag: string) => (ds[tag]?.Value ?? []) as DicomJsonDataSet[];
      const uidIn = (item: DicomJsonDataSet) => String(item['00081155']?.Value?.[0] ?? '');
      return {
        // (0008,1199) ReferencedSOPSequence, (0008,1198) FailedSOPSequence with (0008,1197) FailureReason.
        stored: items('00081199').map(uidIn),
        failed: items('00081198').map((item) => ({
          sopInstanceUid: uidIn(item),
          reason: item['00081197']?.Value?.[0] as number | undefined,
        })),
      };
    },
  };
}

export type DicomwebClient = ReturnType<typeof createDicomwebClient>;

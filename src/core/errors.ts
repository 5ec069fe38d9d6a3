/**
 * Libraries throw strings, numbers, Errors or `{exception, dataSet}` objects (dicom-parser does all of
 * these). Normalise anything thrown into a readable message.
 */
export function errorMessage(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  if (typeof thrown === 'number') return `error code ${thrown}`;
  if (thrown && typeof thrown === 'object' && 'exception' in thrown) {
    return String((thrown as { exception: unknown }).exception);
  }
  return String(thrown);
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: string): Result<T> => ({ ok: false, error });

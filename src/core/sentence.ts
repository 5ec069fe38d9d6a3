/**
 * Messages often wrap a library's or the browser's own message, which may already end a sentence
 * (Chromium's QuotaExceededError: "... exceeded the quota."). Appending our full stop then gives
 * "exceeded the quota..": one helper ends a sentence exactly once.
 */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

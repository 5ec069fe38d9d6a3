/**
 * The reason shown beside a file's path in the file lists (UI) and the CLI report. Parse messages start
 * with the path so they read alone in logs; beside a path column that would name the file twice. Messages
 * from libraries and browsers sometimes end with their own full stop before ours is added ("exceeded..").
 */
export function reasonText(path: string, message: string): string {
  let text = message.trim();
  if (text.startsWith(`${path}: `)) text = text.slice(path.length + 2);
  // A doubled sentence end ("exceeded.." but not an ellipsis "..." nor "../" in a path) becomes one.
  return text.replace(/(?<!\.)\.\.(?=\s|\)|$)/g, '.');
}

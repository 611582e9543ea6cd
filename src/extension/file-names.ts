// File names made from a panel's label (recordings, exports): safe on every file system.
// PURE: no vscode.

/** Letters, digits, `.`, `_` and `-` only (a host's `:` or a profile's spaces become `_`), at most 60. */
export function safeFileLabel(label: string): string {
  const safe = label
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[._]+|_+$/g, '')
    .slice(0, 60);
  return safe || 'recording';
}

// The one rule by which every command picks what it acts on, live connection or recording
// panel alike (targets.ts applies it; the quick pick is its last step). PURE: no vscode.

export type TargetChoice<T> =
  | { kind: 'found'; target: T }
  /** An id was given and nothing has it (its panel was closed). */
  | { kind: 'missing'; id: string }
  /** Nothing the command may act on. */
  | { kind: 'none' }
  /** Several, none of them active: the user picks among these. */
  | { kind: 'pick'; candidates: T[] };

/**
 * The id given (whether or not it is a candidate: the command says why it cannot act on
 * it), else the active one if it is a candidate, else the only candidate, else a pick.
 */
export function chooseTarget<T extends { id: string }>(id: string | undefined, byId: (id: string) => T | undefined, candidates: T[], active: T | undefined): TargetChoice<T> {
  if (id !== undefined) {
    const target = byId(id);
    return target ? { kind: 'found', target } : { kind: 'missing', id };
  }
  if (active && candidates.some((t) => t.id === active.id)) return { kind: 'found', target: active };
  if (candidates.length === 1) return { kind: 'found', target: candidates[0]! };
  if (candidates.length === 0) return { kind: 'none' };
  return { kind: 'pick', candidates };
}

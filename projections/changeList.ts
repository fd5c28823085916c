/** How a collection's changes apply, to its items kept by key in their reading order. */
export interface ChangeRules<T, C> {
  readonly keyOf: (item: T) => string;
  readonly apply: (items: Map<string, T>, change: C) => void;
}

/**
 * A persistent collection: an immutable list of changes, newest first, on top of a base array.
 * Adding a change is one new node, sharing every older one, so a fold adds in O(1) and any state
 * it passed keeps its own collection. The array is built on first read and kept on the node:
 * from the nearest node already read, applying only the changes since.
 */
export class ChangeList<T, C> {
  private built: readonly T[] | undefined;

  private constructor(
    private readonly rules: ChangeRules<T, C>,
    private readonly change: C | undefined,
    private readonly previous: ChangeList<T, C> | undefined,
    built: readonly T[] | undefined,
  ) {
    this.built = built;
  }

  static of<T, C>(rules: ChangeRules<T, C>, items: readonly T[]): ChangeList<T, C> {
    return new ChangeList(rules, undefined, undefined, items);
  }

  with(change: C): ChangeList<T, C> {
    return new ChangeList(this.rules, change, this, undefined);
  }

  /** The items in reading order; O(items + changes since the nearest node read). */
  items(): readonly T[] {
    if (this.built !== undefined) return this.built;
    const pending: C[] = [];
    let node: ChangeList<T, C> = this;
    // The base node is always built, so the walk ends there at the latest.
    while (node.built === undefined) {
      pending.push(node.change as C);
      node = node.previous!;
    }
    const { keyOf, apply } = this.rules;
    const byKey = new Map<string, T>();
    for (const item of node.built) byKey.set(keyOf(item), item);
    for (let i = pending.length - 1; i >= 0; i--) apply(byKey, pending[i]!);
    return (this.built = [...byKey.values()]);
  }
}

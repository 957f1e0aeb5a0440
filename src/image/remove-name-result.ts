/** What removing an image name or pulled reference did (`airlock image rm`). */
export interface RemoveNameResult {
  readonly name: string;
  readonly id: string;
  /** Whether the image directory was removed too (`prune`). */
  readonly pruned: boolean;
  /** Why a prune kept the image directory. */
  readonly keptBecause?: "other names point at it" | "a running sandbox uses it";
}

/** A duration for a person: `2.7s` below ten seconds, `12s` above. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
}

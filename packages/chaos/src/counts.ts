/** What every scenario reports: deliveries accepted, reviews processed, lost and duplicated, and its own. */
export interface Counts {
  accepted: number;
  processed: number;
  lost: number;
  duplicated: number;
  [extra: string]: number | string;
}

/** Prints one line of counts, `chaos <scenario>: accepted=… processed=… lost=… duplicated=… …`. */
export function reportCounts(scenario: string, counts: Counts): string {
  const line = `chaos ${scenario}: ${Object.entries(counts)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ')}`;
  console.log(line);
  return line;
}

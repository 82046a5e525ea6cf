// Suggests the intended word for a typo: a case-insensitive match first (`nodeport` → `nodePort`),
// then the nearest candidate by edit distance, if it is near enough to be a plausible typo.
import { distance } from 'fastest-levenshtein';

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates].filter((candidate) => candidate !== word);
  const lower = word.toLowerCase();
  const sameLetters = list.find((candidate) => candidate.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  // Allow roughly one edit per three characters: `nordPort` → `nodePort`, but `foo` never → `port`.
  const allowed = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of list) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= allowed ? best : undefined;
}

/** ` (did you mean "x"?)`, or an empty string when there is no plausible suggestion. */
export function didYouMeanSuffix(word: string, candidates: Iterable<string>): string {
  const suggestion = didYouMean(word, candidates);
  return suggestion ? ` (did you mean "${suggestion}"?)` : '';
}

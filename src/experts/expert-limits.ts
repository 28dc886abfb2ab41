/** The expert network's limits, in one place (documented in the README). */
export const EXPERT_LIMITS = {
  /** Expertise topics per profile. */
  topics: { min: 1, max: 10 },
  /** Countries of field experience per profile (may be empty). */
  countries: { max: 30 },
  /** Languages per profile (at least one: the expert answers in it). */
  languages: { min: 1, max: 10 },
  headline: { min: 1, max: 160 },
  bio: { min: 1, max: 5000 },
  reviewNote: { max: 1000 },
  /** `experts(filter: { search })`. */
  search: { max: 200 },
  /** `suggestedExperts(first:)`. */
  suggestions: { default: 5, max: 20 },
  /**
   * `askExpert`: at most `perThread` asks about one thread (by anyone) and `perAsker` asks by
   * one user, each over the last `windowSeconds` (rolling). The per-thread limit is a product
   * rule and always holds; the per-asker cap is a daily cap, off with RATE_LIMITS_ENABLED=false.
   */
  asks: { perThread: 3, perAsker: 10, windowSeconds: 24 * 3600 },
  /** Responsiveness: median over the asks of this many days, shown from this many asks on. */
  responsiveness: { days: 90, minAsks: 3 },
} as const;

/** Reputation: +10 per upvote and −2 per downvote on an answer, +15 per accepted answer. */
export const REPUTATION = { upvote: 10, downvote: -2, accepted: 15 } as const;

/** The reputation a vote of `value` (1, -1 or 0) on an answer is worth. */
export const voteWorth = (value: number): number => (value > 0 ? REPUTATION.upvote : value < 0 ? REPUTATION.downvote : 0);

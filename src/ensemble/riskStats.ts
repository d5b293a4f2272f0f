/**
 * Annual probabilities from an ensemble of events. Events are the distinct annual exceedance
 * probabilities (AEP, 1 / return period) of the members, sorted from the most frequent (p₁) to the
 * rarest (p_K). Each event stands for the band of probabilities from its own p_k down to the next
 * rarer p_{k+1} (p_{K+1} = 0): the flood of a rarer event is taken to happen whenever one of at least
 * its size does. Within an event, a member's weight is the probability of its variant (breach site,
 * storm duration …), so a quantity X has the annual exceedance probability
 *
 *   P(X > x) = Σ_k (p_k − p_{k+1}) · Σ_{m ∈ k} w_m · [X_m > x]
 *
 * which for one variant per event and floods that grow with the event is p of the most frequent
 * event that exceeds x. Expected annual damage integrates the damage–probability curve with the
 * trapezoid rule between events, holding the rarest event's damage below p_K and counting no damage
 * above p₁ (floods more frequent than the most frequent event modelled are taken as harmless):
 *
 *   EAD = Σ_{k<K} ½ (D_k + D_{k+1}) (p_k − p_{k+1}) + D_K · p_K
 */

/** The distinct AEPs, most frequent first, and each one's band width p_k − p_{k+1}. */
export function eventBands(aeps: readonly number[]): { p: number[]; width: number[] } {
  const p = [...new Set(aeps)].sort((a, b) => b - a);
  const width = p.map((pk, k) => pk - (p[k + 1] ?? 0));
  return { p, width };
}

/**
 * Expected annual damage from the damage of each event (most frequent first).
 *
 * @example
 * expectedAnnualDamage([0.1, 0.01], [100, 1000]) // ½(100 + 1000)·0.09 + 1000·0.01 = 59.5
 */
export function expectedAnnualDamage(p: readonly number[], damage: readonly number[]): number {
  if (p.length !== damage.length) throw new Error('one damage per event');
  let ead = 0;
  for (let k = 0; k + 1 < p.length; k++) ead += 0.5 * (damage[k] + damage[k + 1]) * (p[k] - p[k + 1]);
  return p.length ? ead + damage[p.length - 1] * p[p.length - 1] : 0;
}

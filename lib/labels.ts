/** TC's rating names (reference §2.5). Ratings can be decimals; each name covers its whole step. */
export function ratingLabel(rating: number | null | undefined): string {
  if (rating === null || rating === undefined || !(rating > 0)) return 'Unknown';
  if (rating >= 5) return 'Critical';
  if (rating >= 4) return 'High';
  if (rating >= 3) return 'Moderate';
  if (rating >= 2) return 'Low';
  return 'Suspicious';
}

/** TC's confidence bands (reference §2.5). */
export function confidenceLabel(confidence: number | null | undefined): string {
  if (confidence === null || confidence === undefined || !(confidence > 0)) return 'Unassessed';
  if (confidence <= 25) return 'Improbable';
  if (confidence <= 49) return 'Doubtful';
  if (confidence <= 69) return 'Possible';
  if (confidence <= 89) return 'Probable';
  return 'Confirmed';
}

/**
 * R1 (seed): J-LIS receives the A-1 start request with the exact subject 申請手続開始依頼(「<署名検証者名>」) — ASCII
 * parentheses around full-width corner brackets 「」, byte for byte as the seed and domain.md write it. R1's required
 * fields (担当者名, 署名検証者名, 部署, 電話, e-mail) are data: the A-1 request's validation in the contract
 * (`ApplicationCreate`) refuses a request without them, so this function is the part of R1 that is a decision —
 * the subject notifications gives the letter it sends on the applicant's behalf.
 */
export function ruleR1StartRequestSubject(verifierName: string): string {
  return `申請手続開始依頼(「${verifierName}」)`;
}

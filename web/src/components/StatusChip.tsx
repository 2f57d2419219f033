import type { ClaimStatus } from '../api.js';

export function StatusChip({ status }: { status: ClaimStatus }) {
  return <span className={`chip status-${status}`}>{status}</span>;
}

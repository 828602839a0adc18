import type { Sql } from '../../platform/db/database.js';

/** A connection's latest inbound deliveries; the raw body only of those that were not taken in. */
export async function recentInboundEvents(
  sql: Sql,
  workspaceId: string,
  connectionId: string,
  limit: number,
) {
  return sql.query<{
    id: string;
    deliveryId: string;
    status: 'received' | 'processed' | 'ignored' | 'rejected' | 'failed';
    reason: string | null;
    outcomes: Record<string, unknown>[];
    receivedAt: Date;
    processedAt: Date | null;
    rawBody: string | null;
  }>(
    `SELECT id, delivery_id AS "deliveryId", status, reason, outcomes, received_at AS "receivedAt",
            processed_at AS "processedAt",
            CASE WHEN status IN ('rejected', 'failed') THEN raw_body END AS "rawBody"
       FROM inbound_events WHERE workspace_id = $1 AND connection_id = $2
      ORDER BY received_at DESC LIMIT $3`,
    [workspaceId, connectionId, limit],
  );
}

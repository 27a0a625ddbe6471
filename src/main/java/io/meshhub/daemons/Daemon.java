package io.meshhub.daemons;

import io.meshhub.core.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/** A daemon as the owner sees it in {@code GET /api/v1/mesh/daemons} and in {@code daemonUpdated} events. */
record Daemon(UUID id, UUID ownerId, String hostname, String status, int maxConcurrentTasks, int currentTaskCount,
              String connectedAt, String lastHeartbeatAt, String node) {

  static Daemon fromRow(Row row) {
    return new Daemon(row.getUUID("id"), row.getUUID("owner_id"), row.getString("hostname"), row.getString("status"),
      row.getInteger("max_concurrent_tasks"), row.getInteger("current_task_count"), Rows.isoTime(row, "connected_at"),
      Rows.isoTime(row, "last_heartbeat_at"), row.getString("node"));
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("id", id.toString())
      .put("hostname", hostname)
      .put("status", status)
      .put("maxConcurrentTasks", maxConcurrentTasks)
      .put("currentTaskCount", currentTaskCount)
      .put("connectedAt", connectedAt)
      .put("lastHeartbeatAt", lastHeartbeatAt)
      .put("node", node);
  }
}

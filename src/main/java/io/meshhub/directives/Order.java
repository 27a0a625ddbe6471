package io.meshhub.directives;

import static io.meshhub.core.JsonFields.text;

import io.meshhub.core.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/** A backlog item: a feature, bug, spike or chore filed for later. */
record Order(UUID id, UUID ownerId, String title, String description, String priority, String status,
             String orderType, JsonArray labels, UUID directiveId, String repositoryUrl, String createdAt,
             String updatedAt) {

  static Order fromRow(Row row) {
    return new Order(row.getUUID("id"), row.getUUID("owner_id"), row.getString("title"),
      row.getString("description"), row.getString("priority"), row.getString("status"),
      row.getString("order_type"), (JsonArray) row.getValue("labels"), row.getUUID("directive_id"),
      row.getString("repository_url"), Rows.isoTime(row, "created_at"), Rows.isoTime(row, "updated_at"));
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("id", id.toString())
      .put("title", title)
      .put("description", description)
      .put("priority", priority)
      .put("status", status)
      .put("orderType", orderType)
      .put("labels", labels)
      .put("directiveId", text(directiveId))
      .put("repositoryUrl", repositoryUrl)
      .put("createdAt", createdAt)
      .put("updatedAt", updatedAt);
  }
}

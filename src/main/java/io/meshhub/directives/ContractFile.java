package io.meshhub.directives;

import io.meshhub.core.Rows;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/**
 * A document of a contract: a name and a body of elements ({@code heading}, {@code paragraph}, {@code code},
 * {@code markdown}).
 */
record ContractFile(UUID id, UUID contractId, String name, JsonArray body, String createdAt, String updatedAt) {

  static ContractFile fromRow(Row row) {
    return new ContractFile(row.getUUID("id"), row.getUUID("contract_id"), row.getString("name"),
      (JsonArray) row.getValue("body"), Rows.isoTime(row, "created_at"), Rows.isoTime(row, "updated_at"));
  }

  /**
   * The body of a file created from raw text (the agent CLI's {@code create-file NAME < stdin}): one element,
   * {@code code} in {@code json} when the text parses as JSON, else {@code markdown}.
   */
  static JsonArray bodyFromText(String text) {
    try {
      Json.decodeValue(text);
      return new JsonArray().add(new JsonObject().put("type", "code").put("language", "json").put("content", text));
    } catch (DecodeException notJson) {
      return new JsonArray().add(new JsonObject().put("type", "markdown").put("content", text));
    }
  }

  /** The list shape: everything but the body. */
  JsonObject toSummaryJson() {
    return new JsonObject()
      .put("id", id.toString())
      .put("contractId", contractId.toString())
      .put("name", name)
      .put("createdAt", createdAt)
      .put("updatedAt", updatedAt);
  }

  JsonObject toJson() {
    return toSummaryJson().put("body", body);
  }
}

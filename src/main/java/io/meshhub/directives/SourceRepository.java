package io.meshhub.directives;

import io.meshhub.core.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A repository a contract works in: a URL, or a local path on the owner's machine. */
record SourceRepository(UUID id, String name, String repositoryUrl, String localPath, boolean isPrimary,
                        String createdAt) {

  static SourceRepository fromRow(Row row) {
    return new SourceRepository(row.getUUID("id"), row.getString("name"), row.getString("repository_url"),
      row.getString("local_path"), row.getBoolean("is_primary"), Rows.isoTime(row, "created_at"));
  }

  /** A repository as given in a request (no id yet). */
  static SourceRepository fromRequest(JsonObject json) {
    return new SourceRepository(null, json.getString("name"), json.getString("repositoryUrl"),
      json.getString("localPath"), json.getBoolean("isPrimary", false), null);
  }

  /** "The contract's repository": the primary one, else the first; its URL, else its local path. */
  static Optional<String> locationOf(List<SourceRepository> repositories) {
    return repositories.stream().filter(SourceRepository::isPrimary).findFirst()
      .or(() -> repositories.stream().findFirst())
      .map(repository -> repository.repositoryUrl() != null ? repository.repositoryUrl() : repository.localPath());
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("id", id == null ? null : id.toString())
      .put("name", name)
      .put("repositoryUrl", repositoryUrl)
      .put("localPath", localPath)
      .put("isPrimary", isPrimary)
      .put("createdAt", createdAt);
  }
}

package io.meshhub.directives;

import static io.meshhub.core.JsonFields.text;

import io.meshhub.core.Rows;
import io.meshhub.events.OwnerEvents;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.UUID;

/**
 * The audit log of directives: every transition is written here (a directive's whole story reads from it) and
 * announced to the owner's dashboards as {@code directiveUpdated}.
 */
final class DirectiveEvents {

  /** One entry to write. */
  record Entry(String eventType, String severity, JsonObject data, String actor, UUID actorId, UUID chainId,
               UUID stepId) {

    static Entry info(String eventType, JsonObject data, String actor, UUID actorId) {
      return new Entry(eventType, "info", data, actor, actorId, null, null);
    }
  }

  private static final String INSERT = """
    insert into directive_events (directive_id, owner_id, chain_id, step_id, event_type, severity, data, actor,
                                  actor_id)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";
  private static final String LIST = """
    select * from directive_events where directive_id = $1 and owner_id = $2 and id > $3 order by id limit $4""";

  private final Pool pool;
  private final EventBus bus;

  DirectiveEvents(Pool pool, EventBus bus) {
    this.pool = pool;
    this.bus = bus;
  }

  /** Writes the entry (on {@code client}, inside the caller's transaction when there is one). */
  Future<Void> write(SqlClient client, Directive directive, Entry entry) {
    Tuple params = Tuple.of(directive.id(), directive.ownerId(), entry.chainId(), entry.stepId(), entry.eventType(),
      entry.severity()).addValue(entry.data()).addValue(entry.actor()).addValue(entry.actorId());
    return client.preparedQuery(INSERT).execute(params).mapEmpty();
  }

  Future<Void> write(Directive directive, Entry entry) {
    return write(pool, directive, entry);
  }

  /** Writes the entry to the directive's audit log, then tells the owner's dashboards. */
  Future<Void> record(Directive directive, Entry entry) {
    return write(directive, entry).onSuccess(written -> announce(directive, entry.eventType()));
  }

  /** Writes a step's change to the audit log and tells the owner's dashboards ({@code stepUpdated}). */
  Future<Void> stepChanged(Directive directive, StepRepository.Step step, String eventType, String severity,
                           JsonObject data) {
    OwnerEvents.publish(bus, directive.ownerId(), "stepUpdated", new JsonObject()
      .put("directiveId", directive.id().toString()).put("stepId", step.id().toString())
      .put("status", step.status().wire()).put("eventType", eventType));
    return record(directive, new Entry(eventType, severity, data.put("step", step.name()), "system", null,
      step.chainId(), step.id()));
  }

  /** Tells the owner's dashboards that the directive changed. */
  void announce(Directive directive, String eventType) {
    OwnerEvents.publish(bus, directive.ownerId(), "directiveUpdated", new JsonObject()
      .put("directiveId", directive.id().toString()).put("status", directive.status().wire())
      .put("version", directive.version()).put("eventType", eventType));
  }

  Future<List<JsonObject>> list(UUID ownerId, UUID directiveId, long since, int limit) {
    return pool.preparedQuery(LIST).execute(Tuple.of(directiveId, ownerId, since, limit))
      .map(rows -> Rows.list(rows, row -> new JsonObject()
        .put("id", row.getLong("id"))
        .put("directiveId", row.getUUID("directive_id").toString())
        .put("chainId", text(row.getUUID("chain_id")))
        .put("stepId", text(row.getUUID("step_id")))
        .put("eventType", row.getString("event_type"))
        .put("severity", row.getString("severity"))
        .put("data", row.getValue("data"))
        .put("actor", row.getString("actor"))
        .put("actorId", text(row.getUUID("actor_id")))
        .put("createdAt", Rows.isoTime(row, "created_at"))));
  }
}

package io.meshhub.directives;

import static io.meshhub.core.JsonFields.uuid;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.daemons.DaemonCommands;
import io.meshhub.scheduler.Tasks;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Rewinds a supervisor's saved conversation (supervisor-state.md): keep up to and including {@code toMessageId}, or
 * drop the last {@code byMessageCount} messages, or by default the last one. With {@code rewindCode} the daemon
 * holding the supervisor's worktree resets it to the newest checkpoint taken before the first removed message was
 * reported — the code as it was when the kept conversation ended. A message's own {@code timestamp} wins over the
 * time the hub first saw it.
 */
final class ConversationRewind {

  /** A rewind as the owner asks for it. */
  record Request(UUID ownerId, UUID contractId, Integer byMessageCount, String toMessageId, boolean rewindCode) {

    JsonObject toJson() {
      return new JsonObject().put("ownerId", ownerId.toString()).put("contractId", contractId.toString())
        .put("byMessageCount", byMessageCount).put("toMessageId", toMessageId).put("rewindCode", rewindCode);
    }

    static Request fromJson(JsonObject json) {
      return new Request(uuid(json, "ownerId"), uuid(json, "contractId"), json.getInteger("byMessageCount"),
        json.getString("toMessageId"), json.getBoolean("rewindCode", false));
    }
  }

  /** What the rewind kept, and when the first message it removed was written (null when none was removed). */
  private record Cut(UUID taskId, int removed, int kept, OffsetDateTime firstRemovedAt) {
  }

  private final Pool pool;
  private final SupervisorStateRepository states;
  private final ContractRepository contracts;
  private final Tasks tasks;
  private final SupervisorStates saved;
  private final EventBus bus;
  private final long commandTimeoutMs;

  ConversationRewind(Pool pool, SupervisorStates saved, EventBus bus, long commandTimeoutMs) {
    this.pool = pool;
    this.states = new SupervisorStateRepository(pool);
    this.contracts = new ContractRepository(pool);
    this.tasks = Tasks.of(pool);
    this.saved = saved;
    this.bus = bus;
    this.commandTimeoutMs = commandTimeoutMs;
  }

  /** Replies {@code {contractId, messagesRemoved, newMessageCount, codeRewound}}. */
  Future<JsonObject> rewind(Request request) {
    return pool.withTransaction(conn -> states.forRewind(conn, request.ownerId(), request.contractId())
        .compose(found -> found.isPresent() ? Future.succeededFuture(found.get()) : missing(request))
        .compose(conversation -> {
          Cut cut = cut(request, conversation);
          JsonArray kept = new JsonArray(conversation.messages().getList().subList(0, cut.kept()));
          return states.rewound(conn, request.contractId(), kept).map(state -> {
            saved.announce(state);
            return cut;
          });
        }))
      .compose(cut -> (request.rewindCode() && cut.firstRemovedAt() != null ? rewindCode(request, cut)
          : Future.succeededFuture(false))
        .map(codeRewound -> new JsonObject().put("contractId", request.contractId().toString())
          .put("messagesRemoved", cut.removed()).put("newMessageCount", cut.kept()).put("codeRewound", codeRewound)));
  }

  private Future<SupervisorStateRepository.Conversation> missing(Request request) {
    return contracts.find(request.ownerId(), request.contractId()).map(contract -> {
      throw contract.isEmpty() ? ApiException.notFound("contract")
        : new ApiException(ErrorCode.NO_SUPERVISOR_STATE, "the contract has no supervisor");
    });
  }

  private static Cut cut(Request request, SupervisorStateRepository.Conversation conversation) {
    JsonArray messages = conversation.messages();
    int kept;
    if (request.toMessageId() != null) {
      kept = indexOf(messages, request.toMessageId()) + 1;
      if (kept == 0) {
        throw new ApiException(ErrorCode.VALIDATION_ERROR, "body field 'toMessageId' names no message of the "
          + "conversation");
      }
    } else {
      kept = Math.max(0, messages.size() - (request.byMessageCount() == null ? 1 : request.byMessageCount()));
    }
    OffsetDateTime firstRemovedAt = kept < messages.size() ? conversation.writtenAt(kept) : null;
    return new Cut(conversation.taskId(), messages.size() - kept, kept, firstRemovedAt);
  }

  private static int indexOf(JsonArray messages, String id) {
    for (int i = 0; i < messages.size(); i++) {
      if (messages.getValue(i) instanceof JsonObject message && id.equals(message.getString("id"))) {
        return i;
      }
    }
    return -1;
  }

  /** Resets the worktree to the checkpoint; true when the daemon did. */
  private Future<Boolean> rewindCode(Request request, Cut cut) {
    return states.checkpointBefore(cut.taskId(), cut.firstRemovedAt()).compose(commit -> commit.isEmpty()
      ? Future.succeededFuture(false)
      : tasks.find(request.ownerId(), cut.taskId()).compose(task -> task.map(supervisor -> supervisor.daemonId())
          .map(daemonId -> DaemonCommands.send(bus, daemonId, DaemonCommands.command("rewindCode", cut.taskId())
              .put("commitSha", commit.get()), commandTimeoutMs)
            .map(result -> result.getBoolean("success", false))
            .otherwise(false))
          .orElse(Future.succeededFuture(false))));
  }
}

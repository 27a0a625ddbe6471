package io.meshhub.scheduler;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.util.Optional;
import java.util.UUID;

/**
 * The one read other features make of tasks: a task as its owner sees it (another owner's is not found). Every
 * change to a task goes through the scheduler's addresses.
 */
@FunctionalInterface
public interface Tasks {

  Future<Optional<Task>> find(UUID ownerId, UUID taskId);

  static Tasks of(Pool pool) {
    return new TaskRepository(pool)::find;
  }
}

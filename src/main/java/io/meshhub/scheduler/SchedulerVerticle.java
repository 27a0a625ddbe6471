package io.meshhub.scheduler;

import io.meshhub.app.Database;
import io.meshhub.app.MeshhubConfig;
import io.meshhub.auth.KeyRepository;
import io.meshhub.http.BusCalls;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;

/**
 * The single owner of task state changes on its node: other verticles and the HTTP layer ask it over the event bus
 * to create, edit and cancel tasks. Dispatch to daemons joins it with the daemon registry.
 */
public final class SchedulerVerticle extends AbstractVerticle {

  private final MeshhubConfig config;
  private final PgConnectOptions database;

  public SchedulerVerticle(MeshhubConfig config, PgConnectOptions database) {
    this.config = config;
    this.database = database;
  }

  @Override
  public void start() {
    Pool pool = Database.pool(vertx, database, config.db().poolSize());
    TaskLifecycle lifecycle = new TaskLifecycle(pool, new TaskRepository(pool), new KeyRepository(pool),
      config.tasks().maxRetries());
    EventBus bus = vertx.eventBus();
    bus.<JsonObject>consumer(SchedulerAddresses.CREATE, message ->
      BusCalls.reply(message, lifecycle.create(NewTask.fromJson(message.body())).map(Task::toJson)));
    bus.<JsonObject>consumer(SchedulerAddresses.UPDATE, message ->
      BusCalls.reply(message, lifecycle.update(TaskPatch.fromJson(message.body())).map(Task::toJson)));
    bus.<JsonObject>consumer(SchedulerAddresses.CANCEL, message ->
      BusCalls.reply(message, lifecycle.cancel(TaskRef.fromJson(message.body())).map(Task::toJson)));
  }
}

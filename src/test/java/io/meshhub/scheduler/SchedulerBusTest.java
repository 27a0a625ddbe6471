package io.meshhub.scheduler;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestHub;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Task state changes are requests to the scheduler over the event bus; the HTTP layer only forwards them. */
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
class SchedulerBusTest {

  @Test
  void httpChangesAreSchedulerRequestsOnTheEventBus(Vertx vertx, VertxTestContext test) {
    RunningHub hub = TestHub.shared();
    Api api = new Api(vertx, hub);
    List<String> addresses = new CopyOnWriteArrayList<>();
    Handler<DeliveryContext<Object>> recorder = delivery -> {
      if (delivery.message().address().startsWith("scheduler.")) {
        addresses.add(delivery.message().address());
      }
      delivery.next();
    };
    hub.vertx().eventBus().addOutboundInterceptor(recorder);
    api.newOwner().compose(owner -> api.createTask(owner, task("via-bus"))
        .compose(created -> api.patch(owner.apiKey(), "/api/v1/mesh/tasks/" + created.getString("id"),
          new JsonObject().put("version", 1).put("priority", 2))
          .compose(patched -> api.post(owner.apiKey(), "/api/v1/mesh/tasks/" + created.getString("id") + "/cancel",
            new JsonObject()))))
      .map(check(cancelled -> {
        hub.vertx().eventBus().removeOutboundInterceptor(recorder);
        expect(cancelled, 200);
        assertThat(addresses).containsSubsequence(SchedulerAddresses.CREATE, SchedulerAddresses.UPDATE,
          SchedulerAddresses.CANCEL);
      }))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void schedulerCreatesTasksForAnyVerticleThatAsks(Vertx vertx, VertxTestContext test) {
    RunningHub hub = TestHub.shared();
    Api api = new Api(vertx, hub);
    api.newOwner().compose(owner -> {
      NewTask request = new NewTask(owner.id(), "from-bus", "plan", 4, null, "main", null, null, null, 1, false);
      return hub.vertx().eventBus().<JsonObject>request(SchedulerAddresses.CREATE, request.toJson())
        .map(reply -> Task.fromJson(reply.body()))
        .compose(created -> api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + created.id()).map(seen -> {
          JsonObject task = expect(seen, 200);
          assertThat(task.getString("name")).isEqualTo("from-bus");
          assertThat(task.getInteger("priority")).isEqualTo(4);
          assertThat(task.getInteger("maxRetries")).isEqualTo(1);
          assertThat(task.getString("baseBranch")).isEqualTo("main");
          assertThat(created.status()).isEqualTo(TaskStatus.PENDING);
          return owner;
        }));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void schedulerFailuresCarryTheirErrorCode(Vertx vertx, VertxTestContext test) {
    RunningHub hub = TestHub.shared();
    TaskRef unknown = new TaskRef(UUID.randomUUID(), UUID.randomUUID());
    hub.vertx().eventBus().request(SchedulerAddresses.CANCEL, unknown.toJson())
      .onComplete(test.failing(failure -> test.verify(() -> {
        assertThat(failure).isInstanceOf(ReplyException.class);
        assertThat(((ReplyException) failure).failureCode()).isEqualTo(io.meshhub.core.ErrorCode.NOT_FOUND.number());
        test.completeNow();
      })));
  }
}

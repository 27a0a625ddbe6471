package io.meshhub.app;

import io.meshhub.auth.KeyAuthenticator;
import io.meshhub.auth.KeyRepository;
import io.meshhub.auth.OwnerRoutes;
import io.meshhub.auth.SecurityHandlers;
import io.meshhub.core.HttpRoutes;
import io.meshhub.core.MeshhubConfig;
import io.meshhub.daemons.DaemonEndpoint;
import io.meshhub.daemons.DaemonRoutes;
import io.meshhub.directives.ContractRoutes;
import io.meshhub.directives.DirectiveRoutes;
import io.meshhub.directives.FileRoutes;
import io.meshhub.directives.OrderRoutes;
import io.meshhub.events.EventsEndpoint;
import io.meshhub.history.HistoryRoutes;
import io.meshhub.questions.QuestionRoutes;
import io.meshhub.scheduler.TaskRoutes;
import io.meshhub.supervisor.SupervisorRoutes;
import io.meshhub.supervisor.WorktreeRoutes;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.Pool;

import java.util.List;

/** Every feature's HTTP surface, as each HTTP verticle instance serves it: the wiring, kept out of the verticle. */
final class HubRoutes {

  private HubRoutes() {
  }

  static List<HttpRoutes> of(HttpRoutes.Scope scope) {
    Pool pool = scope.pool();
    EventBus bus = scope.vertx().eventBus();
    MeshhubConfig config = scope.hub().config();
    KeyAuthenticator authenticator = new KeyAuthenticator(new KeyRepository(pool), bus);
    return List.of(
      new SecurityHandlers(authenticator),
      new OwnerRoutes(new KeyRepository(pool), bus),
      new TaskRoutes(bus, pool),
      new DaemonRoutes(pool),
      new QuestionRoutes(bus, pool, config.questions()),
      new ContractRoutes(bus, pool, config.daemons().commandTimeoutMs()),
      new FileRoutes(bus, pool),
      new OrderRoutes(bus, pool),
      new DirectiveRoutes(bus, pool),
      new HistoryRoutes(pool),
      new SupervisorRoutes(scope.vertx(), pool),
      new WorktreeRoutes(bus, pool, config.daemons()),
      new DaemonEndpoint(scope.vertx(), scope.hub(), authenticator),
      new EventsEndpoint(scope.vertx(), authenticator));
  }
}

package io.meshhub.support;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * For tests that drive {@code meshhub} processes (daemons, agents, client commands) against the shared hub from the
 * test thread, waiting for the hub's events with {@link Blocking}.
 */
public abstract class ProcessTest {

  protected static Vertx vertx;
  protected static RunningHub hub;
  protected static Api api;

  @BeforeAll
  static void connectToTheSharedHub() {
    vertx = Vertx.vertx();
    hub = TestHub.shared();
    api = new Api(vertx, hub);
  }

  @AfterAll
  static void closeClient() {
    vertx.close();
  }

  protected static TestOwner newOwner() {
    return Blocking.await(api.newOwner(), 30, "an owner");
  }

  /** The environment of a process run by the owner against the shared hub, plus {@code extra}. */
  protected static Map<String, String> asOwner(TestOwner owner, Map<String, String> extra) {
    Map<String, String> environment = new HashMap<>(extra);
    environment.put("MESHHUB_URL", "http://127.0.0.1:" + hub.port());
    environment.put("MESHHUB_API_KEY", owner.apiKey());
    return environment;
  }

  protected static Map<String, String> asOwner(TestOwner owner) {
    return asOwner(owner, Map.of());
  }

  /** {@code --agent-command} running one of the scripted agents of the test resources. */
  protected static String scriptedAgent(String name) {
    return "sh " + Path.of("src/test/resources/agents", name).toAbsolutePath();
  }

  /** {@code meshhub daemon} with the command preset, its workdir and log under {@code dir}. */
  protected static MeshhubProcess commandDaemon(Map<String, String> environment, Path dir, String name,
                                                String agentCommand) {
    return MeshhubProcess.daemon(environment, dir.resolve(name + ".log"), "--workdir",
      dir.resolve(name).toString(), "--agent", "command", "--agent-command", agentCommand);
  }
}

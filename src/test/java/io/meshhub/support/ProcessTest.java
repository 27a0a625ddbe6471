package io.meshhub.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

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

  /** A task run by the watched control agent on a daemon of its own: what a test of the agent's fate needs. */
  protected record WatchedRun(WatchedAgent agent, Connections.Connected daemon, UUID taskId, long agentPid) {
  }

  /** Starts a daemon running the watched control agent, gives it a task, and returns once the agent runs. */
  protected static WatchedRun watchedRun(TestOwner owner, Path dir, String taskName) {
    WatchedAgent agent = WatchedAgent.in(dir);
    Connections.Connected daemon = Connections.start(hub, owner, id -> true, () -> commandDaemon(
      asOwner(owner, agent.environment()), dir, "daemon", scriptedAgent(WatchedAgent.SCRIPT)));
    Future<JsonObject> started = HubEvents.ownerEvent(hub, owner.id(), event ->
      "taskOutput".equals(event.getString("type")) && event.getString("content", "").startsWith("pid "));
    UUID taskId = UUID.fromString(Blocking.await(api.createTask(owner, Api.task(taskName)), 30, "a task")
      .getString("id"));
    long agentPid = Long.parseLong(Blocking.await(started, 60, "the agent; daemon log:\n"
      + daemon.process().log()).getString("content").substring(4));
    return new WatchedRun(agent, daemon, taskId, agentPid);
  }

  /** {@code meshhub daemon} with the command preset, its workdir and log under {@code dir}. */
  protected static MeshhubProcess commandDaemon(Map<String, String> environment, Path dir, String name,
                                                String agentCommand) {
    return MeshhubProcess.daemon(environment, dir.resolve(name + ".log"), "--workdir",
      dir.resolve(name).toString(), "--agent", "command", "--agent-command", agentCommand);
  }
}

package io.meshhub.support;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The scripted agent {@code control-agent.sh} watched through two named pipes: one held by the agent, one by the
 * grandchild it starts. Each future completes when its process is gone.
 */
public record WatchedAgent(Path agentFifo, Path childFifo, CompletableFuture<Void> agentGone,
                           CompletableFuture<Void> childGone) {

  public static final String SCRIPT = "control-agent.sh";

  /** Makes the pipes in {@code dir} and starts watching them. */
  public static WatchedAgent in(Path dir) {
    Path agent = Fifo.create(dir.resolve("agent.fifo"));
    Path child = Fifo.create(dir.resolve("child.fifo"));
    return new WatchedAgent(agent, child, Fifo.endOf(agent), Fifo.endOf(child));
  }

  /** What the daemon must pass on to the agent for it to hold the pipes. */
  public Map<String, String> environment() {
    return Map.of("AGENT_FIFO", agentFifo.toString(), "CHILD_FIFO", childFifo.toString());
  }
}

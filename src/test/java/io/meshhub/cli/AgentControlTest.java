package io.meshhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.WatchedAgent;
import io.meshhub.support.HubEvents;
import io.meshhub.support.ProcessTest;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The owner's pause, resume and cancel reach the agent's whole process tree on the daemon: stopped, continued, and
 * killed — its grandchild included.
 */
class AgentControlTest extends ProcessTest {


  @Test
  void pauseResumeAndInterruptReachTheAgentAndItsGrandchild(@TempDir Path dir) throws Exception {
    TestOwner owner = newOwner();
    WatchedRun run = watchedRun(owner, dir, "long work");
    WatchedAgent agent = run.agent();
    UUID taskId = run.taskId();
    try {
      ProcessHandle agentProcess = ProcessHandle.of(run.agentPid()).orElseThrow();
      List<ProcessHandle> tree = List.of(agentProcess, agentProcess.children().findFirst().orElseThrow());

      control(owner, taskId, "pause", "paused");
      assertThat(tree).allSatisfy(process -> assertThat(state(process)).isEqualTo('T'));
      control(owner, taskId, "resume", "running");
      assertThat(tree).allSatisfy(process -> assertThat(state(process)).isNotEqualTo('T'));

      JsonObject cancelled = Blocking.await(api.post(owner.apiKey(), "/api/v1/mesh/tasks/" + taskId + "/cancel",
        new JsonObject()).map(response -> Api.expect(response, 200)), 30, "the cancel");
      assertThat(cancelled.getString("status")).isEqualTo("cancelled");
      agent.agentGone().get(30, TimeUnit.SECONDS);
      agent.childGone().get(30, TimeUnit.SECONDS);
      assertThat(agent.agentGone()).isDone();
      assertThat(agent.childGone()).isDone();
    } finally {
      run.daemon().process().close();
    }
  }

  /** Sends pause or resume and waits for the status the daemon reports once it has done it. */
  private static void control(TestOwner owner, UUID taskId, String action, String status) {
    Future<JsonObject> reported = HubEvents.ownerEvent(hub, owner.id(), event ->
      "taskUpdated".equals(event.getString("type")) && taskId.toString().equals(event.getString("taskId"))
        && status.equals(event.getString("status")));
    JsonObject sent = Blocking.await(api.post(owner.apiKey(), "/api/v1/mesh/tasks/" + taskId + "/" + action,
      new JsonObject()).map(response -> Api.expect(response, 202)), 30, action);
    assertThat(sent.getBoolean("delivered")).isTrue();
    Blocking.await(reported, 30, "the task to be " + status);
  }

  /** The process state letter of /proc/PID/stat: T is stopped. */
  private static char state(ProcessHandle process) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

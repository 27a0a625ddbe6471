package io.meshhub.directives;

import static io.meshhub.core.JsonFields.text;
import static io.meshhub.core.JsonFields.uuid;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.daemons.DaemonCommands;
import io.meshhub.history.History;
import io.meshhub.scheduler.SchedulerAddresses;
import io.meshhub.scheduler.Task;
import io.meshhub.scheduler.Tasks;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A contract's red-team monitor (supervisor-state.md): created the first time one of the contract's work tasks
 * starts, it reviews their output (which their daemons' reports forward to it) and notifies the supervisor of what
 * it finds. Each finding is kept in the contract's history and forwarded to the supervisor as a message.
 */
final class RedTeam {

  /** A finding, as the monitor reports it with {@code POST /api/v1/mesh/redteam/notify}. */
  record Finding(UUID ownerId, UUID monitorTaskId, String message, String severity, UUID taskId, String file,
                 String context) {

    static Finding fromRequest(UUID ownerId, UUID monitorTaskId, JsonObject body) {
      return new Finding(ownerId, monitorTaskId, body.getString("message"), body.getString("severity"),
        uuid(body, "taskId"), body.getString("file"), body.getString("context"));
    }

    JsonObject toJson() {
      return new JsonObject().put("ownerId", ownerId.toString()).put("monitorTaskId", monitorTaskId.toString())
        .put("message", message).put("severity", severity).put("taskId", text(taskId)).put("file", file)
        .put("context", context);
    }

    static Finding fromJson(JsonObject json) {
      return new Finding(uuid(json, "ownerId"), uuid(json, "monitorTaskId"), json.getString("message"),
        json.getString("severity"), uuid(json, "taskId"), json.getString("file"), json.getString("context"));
    }

    /** What the supervisor reads. */
    String forSupervisor() {
      StringBuilder text = new StringBuilder("[Red Team · ").append(severity.toUpperCase(Locale.ROOT))
        .append("] ").append(message);
      if (taskId != null) {
        text.append("\nTask: ").append(taskId);
      }
      if (file != null) {
        text.append("\nFile: ").append(file);
      }
      if (context != null) {
        text.append("\nContext: ").append(context);
      }
      return text.toString();
    }
  }

  private final ContractRepository contracts;
  private final Tasks tasks;
  private final History history;
  private final EventBus bus;

  RedTeam(ContractRepository contracts, Tasks tasks, History history, EventBus bus) {
    this.contracts = contracts;
    this.tasks = tasks;
    this.history = history;
    this.bus = bus;
  }

  /** A work task of the contract started: the contract gets its monitor, unless it has one. */
  Future<Void> workStarted(UUID ownerId, UUID contractId) {
    return contracts.find(ownerId, contractId).compose(found -> found.filter(Contract::redTeamEnabled)
      .map(contract -> bus.request(SchedulerAddresses.CREATE_RED_TEAM_MONITOR, new JsonObject()
        .put("ownerId", ownerId.toString()).put("contractId", contractId.toString()).put("plan", plan(contract)))
        .<Void>mapEmpty())
      .orElseGet(Future::succeededFuture));
  }

  /** Keeps the finding in the contract's history and forwards it to the supervisor; replies {@code {forwarded}}. */
  Future<JsonObject> notify(Finding finding) {
    return tasks.find(finding.ownerId(), finding.monitorTaskId()).compose(caller -> {
      Task monitor = caller.filter(Task::isRedTeam).orElseThrow(() -> new ApiException(ErrorCode.FORBIDDEN,
        "only a contract's red-team monitor may notify"));
      return about(finding, monitor)
        .compose(checked -> history.record(finding.ownerId(), monitor.contractId(), finding.taskId(), "red_team",
          "notified", "task", finding.toJson().put("contractId", monitor.contractId().toString())))
        .compose(recorded -> forward(finding, monitor.contractId()))
        .map(forwarded -> new JsonObject().put("success", true).put("forwarded", forwarded));
    });
  }

  /** A finding about a task names one of the monitor's contract. */
  private Future<Void> about(Finding finding, Task monitor) {
    if (finding.taskId() == null) {
      return Future.succeededFuture();
    }
    return tasks.find(finding.ownerId(), finding.taskId()).map(found -> {
      found.filter(task -> monitor.contractId().equals(task.contractId()))
        .orElseThrow(() -> ApiException.notFound("task"));
      return null;
    });
  }

  /** Sends the finding to the supervisor's daemon; false when the supervisor is on none. */
  private Future<Boolean> forward(Finding finding, UUID contractId) {
    return contracts.find(finding.ownerId(), contractId)
      .compose(contract -> contract.map(Contract::supervisorTaskId)
        .map(supervisorId -> tasks.find(finding.ownerId(), supervisorId))
        .orElseGet(() -> Future.succeededFuture(Optional.empty())))
      .compose(supervisor -> supervisor.filter(task -> task.status().isOnDaemon())
        .map(task -> DaemonCommands.send(bus, task.daemonId(), DaemonCommands.command("sendMessage", task.id())
            .put("message", finding.forSupervisor()), DaemonCommands.DELIVERY_TIMEOUT_MS)
          .map(true).otherwise(false))
        .orElseGet(() -> Future.succeededFuture(false)));
  }

  /** The monitor's instructions: what to look for, when and how to notify, and the owner's own criteria. */
  static String plan(Contract contract) {
    String criteria = contract.redTeamPrompt() == null || contract.redTeamPrompt().isBlank() ? ""
      : "\n## The owner's review criteria\n\n" + contract.redTeamPrompt() + "\n";
    return """
      # Red Team Monitor

      You are an adversarial reviewer of the work tasks of contract "%s" (phase: %s). Their output reaches you as
      messages while they work. Flag problems before they compound:

      1. **Plan adherence**: are the tasks following the plan?
      2. **Code quality**: does the code meet the repository's standards?
      3. **Requirement fit**: does the work match the contract's specification?
      4. **Best practice**: obvious anti-patterns, missing tests, security risks.
      %s
      ## When to notify the supervisor

      - critical: security holes, data loss, breaking changes
      - high: real deviations from the plan, major quality problems
      - medium: missing tests, weak implementations, standards not followed
      - low: documentation gaps and minor inconsistencies (sparingly)

      Do not nitpick style, do not block progress for trivia, do not change code yourself, do not repeat a finding.

      ## How

      meshhub redteam-notify "what is wrong and why it matters (plan, spec or standard)" \\
        --severity high --task <task id> --file <path> --context "the evidence"
      """.formatted(contract.name(), contract.phase(), criteria);
  }
}

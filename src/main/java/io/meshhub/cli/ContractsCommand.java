package io.meshhub.cli;

import io.meshhub.cli.OwnerCommands.OnOne;
import io.meshhub.cli.OwnerCommands.OwnerCommand;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshhub contracts}: an owner's contracts, and their supervisors' state and resume. */
@Command(name = "contracts", description = "Contracts: the unit of work that tasks, files and questions belong to.",
  subcommands = {ContractsCommand.ListContracts.class, ContractsCommand.Create.class,
    ContractsCommand.SupervisorState.class, ContractsCommand.ResumeSupervisor.class})
final class ContractsCommand {

  @Command(name = "list", description = "The owner's contracts.")
  static final class ListContracts extends OwnerCommand {
    @Override
    protected Future<Outcome> run(HubClient hub) {
      return hub.get("/api/v1/contracts").map(JsonArray.class::cast)
        .map(list -> Outcome.of(list, Tables.render(list, "id", "status", "name")));
    }
  }

  @Command(name = "create", description = "Create a contract; prints its id.")
  static final class Create extends OwnerCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;
    @Option(names = "--repository", paramLabel = "URL", description = "Its primary repository.")
    String repository;

    @Override
    protected Future<Outcome> run(HubClient hub) {
      JsonObject contract = new JsonObject().put("name", name);
      if (repository != null) {
        contract.put("repositories", new JsonArray().add(new JsonObject().put("name", "primary")
          .put("repositoryUrl", repository).put("isPrimary", true)));
      }
      return hub.post("/api/v1/contracts", contract).map(JsonObject.class::cast)
        .map(created -> Outcome.of(created, created.getString("id")));
    }
  }

  @Command(name = "state", description = "The contract's supervisor as last saved.")
  static final class SupervisorState extends OnOne {
    @Override
    protected Future<Outcome> run(HubClient hub) {
      return hub.get("/api/v1/contracts/" + id() + "/supervisor/state").map(JsonObject.class::cast)
        .map(state -> Outcome.of(state, state.getString("state") + " (" + state.getString("phase") + ")"
          + (state.getString("currentActivity") == null ? "" : ": " + state.getString("currentActivity"))
          + "; restored " + state.getInteger("restorationCount") + " times"));
    }
  }

  @Command(name = "resume", description = "Resume the contract's supervisor on one of your daemons.")
  static final class ResumeSupervisor extends OnOne {
    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "continue",
      description = "continue (default), restart_phase or from_checkpoint.")
    String mode;
    @Option(names = "--checkpoint", paramLabel = "ID", description = "For from_checkpoint; default the latest.")
    String checkpointId;

    @Override
    protected Future<Outcome> run(HubClient hub) {
      return hub.post("/api/v1/contracts/" + id() + "/supervisor/resume",
          HubCommand.body("resumeMode", mode, "checkpointId", checkpointId)).map(JsonObject.class::cast)
        .map(resumed -> Outcome.of(resumed, resumed.getString("status")
          + (resumed.getString("daemonId") == null ? "" : " on daemon " + resumed.getString("daemonId"))));
    }
  }
}

package io.meshhub.cli;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.HashMap;
import java.util.Map;

/** What owners do from a terminal: tasks, daemons, directives, keys and owners. */
final class OwnerCommands {

  private OwnerCommands() {
  }

  /** A command run with the owner's API key. */
  abstract static class OwnerCommand extends HubCommand {
    @Override
    protected HubClient.As as() {
      return HubClient.As.OWNER;
    }
  }

  /** A command on one row, named by its id. */
  abstract static class OnOne extends OwnerCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    String id() {
      return HubClient.segment(id);
    }
  }

  /**
   * {@code meshhub tasks}: run by an agent with no subcommand, the tasks of its contract; the subcommands are the
   * owner's.
   */
  @Command(name = "tasks", description = "Tasks: an agent's contract tasks, or the owner's subcommands.",
    subcommands = {Tasks.ListTasks.class, Tasks.Show.class, Tasks.Create.class, Tasks.Cancel.class,
      Tasks.Events.class, Tasks.Pause.class, Tasks.Resume.class})
  static final class Tasks extends ContractCommands.AgentCommand {
    /** An owner without a subcommand (no tool key, an API key) gets the list of their tasks. */
    @Override
    protected HubClient.As as() {
      boolean owner = (connection.toolKey == null || connection.toolKey.isBlank()) && connection.apiKey != null
        && !connection.apiKey.isBlank();
      return owner ? HubClient.As.OWNER : HubClient.As.TOOL;
    }

    @Override
    protected Future<Outcome> run(HubClient hub) {
      return as() == HubClient.As.OWNER ? ListTasks.ownerTasks(hub, new HashMap<>())
        : SupervisorCommands.contractTasks(hub, contract());
    }

    @Command(name = "list", description = "The owner's tasks.")
    static final class ListTasks extends OwnerCommand {
      @Option(names = "--status", paramLabel = "STATUS")
      String status;
      @Option(names = "--limit", paramLabel = "N")
      Integer limit;

      @Override
      protected Future<Outcome> run(HubClient hub) {
        Map<String, String> query = new HashMap<>();
        query.put("status", status);
        query.put("limit", limit == null ? null : limit.toString());
        return ownerTasks(hub, query);
      }

      static Future<Outcome> ownerTasks(HubClient hub, Map<String, String> query) {
        return hub.get("/api/v1/mesh/tasks", query).map(JsonArray.class::cast)
          .map(list -> Outcome.of(list, Tables.render(list, "id", "status", "name", "daemonId")));
      }
    }

    @Command(name = "show", description = "One task.")
    static final class Show extends OnOne {
      @Override
      protected Future<Outcome> run(HubClient hub) {
        return hub.get("/api/v1/mesh/tasks/" + id()).map(JsonObject.class::cast).map(task -> Outcome.of(task,
          Tables.render(new JsonArray().add(task), "id", "status", "name", "daemonId", "outputSummary",
            "errorMessage")));
      }
    }

    @Command(name = "create", description = "Create a task; prints its id.")
    static final class Create extends OwnerCommand {
      @Parameters(index = "0", paramLabel = "NAME")
      String name;
      @Option(names = "--plan", paramLabel = "TEXT", required = true)
      String plan;
      @Option(names = "--repository", paramLabel = "URL")
      String repository;
      @Option(names = "--contract", paramLabel = "ID")
      String contractId;
      @Option(names = "--priority", paramLabel = "N")
      Integer priority;

      @Override
      protected Future<Outcome> run(HubClient hub) {
        JsonObject task = body("name", name, "plan", plan, "repositoryUrl", repository, "contractId", contractId,
          "priority", priority);
        return hub.post("/api/v1/mesh/tasks", task).map(JsonObject.class::cast)
          .map(created -> Outcome.of(created, created.getString("id")));
      }
    }

    @Command(name = "cancel", description = "Cancel a task; a running agent is stopped.")
    static final class Cancel extends OnOne {
      @Override
      protected Future<Outcome> run(HubClient hub) {
        return hub.post("/api/v1/mesh/tasks/" + id() + "/cancel", new JsonObject()).map(JsonObject.class::cast)
          .map(task -> Outcome.of(task, task.getString("status")));
      }
    }

    /** A signal to a task's agent, sent through the hub to its daemon: the command's name is the signal's. */
    abstract static class Signal extends OnOne {
      @Override
      protected Future<Outcome> run(HubClient hub) {
        String signal = getClass().getAnnotation(Command.class).name();
        return hub.post("/api/v1/mesh/tasks/" + id() + "/" + signal, new JsonObject())
          .map(answer -> Outcome.of(answer, signal + " sent"));
      }
    }

    @Command(name = "pause", description = "Pause a running task's agent.")
    static final class Pause extends Signal {
    }

    @Command(name = "resume", description = "Resume a paused task's agent.")
    static final class Resume extends Signal {
    }

    @Command(name = "events", description = "A task's event log, oldest first.")
    static final class Events extends OnOne {
      @Override
      protected Future<Outcome> run(HubClient hub) {
        return hub.get("/api/v1/mesh/tasks/" + id() + "/events", Map.of("limit", "1000"))
          .map(JsonArray.class::cast).map(list -> Outcome.of(list, Tables.render(list, "createdAt", "eventType",
            "eventData")));
      }
    }
  }

  @Command(name = "daemons", description = "The owner's daemons.")
  static final class Daemons extends OwnerCommand {
    @Override
    protected Future<Outcome> run(HubClient hub) {
      return hub.get("/api/v1/mesh/daemons").map(JsonArray.class::cast).map(list -> Outcome.of(list,
        Tables.render(list, "id", "hostname", "status", "currentTaskCount", "maxConcurrentTasks")));
    }
  }

  @Command(name = "directives", description = "Directives.",
    subcommands = {Directives.ListDirectives.class, Directives.Show.class, Directives.Create.class,
      Directives.Start.class})
  static final class Directives {

    @Command(name = "list", description = "The owner's directives.")
    static final class ListDirectives extends OwnerCommand {
      @Override
      protected Future<Outcome> run(HubClient hub) {
        return hub.get("/api/v1/directives").map(JsonArray.class::cast)
          .map(list -> Outcome.of(list, Tables.render(list, "id", "status", "title")));
      }
    }

    @Command(name = "show", description = "One directive with its chain of steps.")
    static final class Show extends OnOne {
      @Override
      protected Future<Outcome> run(HubClient hub) {
        return hub.get("/api/v1/directives/" + id()).map(JsonObject.class::cast).map(directive -> Outcome.of(
          directive, Tables.render(new JsonArray().add(directive), "id", "status", "title", "currentChainId")));
      }
    }

    @Command(name = "create", description = "Create a draft directive; prints its id.")
    static final class Create extends OwnerCommand {
      @Parameters(index = "0", paramLabel = "TITLE")
      String title;
      @Option(names = "--goal", paramLabel = "TEXT", required = true)
      String goal;
      @Option(names = "--repository", paramLabel = "URL")
      String repository;

      @Override
      protected Future<Outcome> run(HubClient hub) {
        JsonObject directive = body("title", title, "goal", goal, "repositoryUrl", repository);
        return hub.post("/api/v1/directives", directive).map(JsonObject.class::cast)
          .map(created -> Outcome.of(created, created.getString("id")));
      }
    }

    @Command(name = "start", description = "Start a draft directive: its planner is scheduled.")
    static final class Start extends OnOne {
      @Override
      protected Future<Outcome> run(HubClient hub) {
        return hub.post("/api/v1/directives/" + id() + "/start", new JsonObject()).map(JsonObject.class::cast)
          .map(directive -> Outcome.of(directive, directive.getString("status")));
      }
    }
  }

  @Command(name = "keys", description = "The owner's API keys.", subcommands = {Keys.Create.class, Keys.Revoke.class})
  static final class Keys {

    @Command(name = "create", description = "A new API key; printed once.")
    static final class Create extends OwnerCommand {
      @Override
      protected Future<Outcome> run(HubClient hub) {
        return hub.post("/api/v1/keys", new JsonObject()).map(JsonObject.class::cast)
          .map(key -> Outcome.of(key, key.getString("apiKey")));
      }
    }

    @Command(name = "revoke", description = "Revoke an API key by its id.")
    static final class Revoke extends OnOne {
      @Override
      protected Future<Outcome> run(HubClient hub) {
        return hub.delete("/api/v1/keys/" + id()).map(nothing -> Outcome.of(null, "revoked"));
      }
    }
  }

  @Command(name = "owners", description = "Owners (admin key).", subcommands = Owners.Create.class)
  static final class Owners {

    @Command(name = "create", description = "Create an owner; prints its API key once.")
    static final class Create extends OwnerCommand {
      @Parameters(index = "0", paramLabel = "NAME")
      String name;

      @Override
      protected Future<Outcome> run(HubClient hub) {
        return hub.post("/api/v1/owners", new JsonObject().put("name", name)).map(JsonObject.class::cast)
          .map(owner -> Outcome.of(owner, owner.getString("apiKey")));
      }
    }
  }
}

package io.meshhub.cli;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Collectors;

/** What an agent does with its contract and directive: plans, completion, files, orders. */
final class ContractCommands {

  private ContractCommands() {
  }

  /** Commands an agent runs as its task, on its own contract unless told otherwise. */
  abstract static class AgentCommand extends HubCommand {
    @Option(names = "--contract", paramLabel = "ID", description = "Contract (default: MESHHUB_CONTRACT_ID).")
    String contractId;

    @Override
    protected HubClient.As as() {
      return HubClient.As.TOOL;
    }

    String contract() {
      return HubClient.segment(orEnv(contractId, "MESHHUB_CONTRACT_ID", "--contract"));
    }

    /** Standard input, or the named file, as text. */
    String readInput(String file) {
      try (InputStream in = file == null ? System.in : java.nio.file.Files.newInputStream(Path.of(file))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw usage("cannot read " + (file == null ? "standard input" : file) + ": " + e.getMessage());
      }
    }
  }

  @Command(name = "submit-plan", description = "Submit a directive's plan ({\"steps\":[…]}) from a file or stdin.")
  static final class SubmitPlan extends AgentCommand {
    @Option(names = "--directive", paramLabel = "ID", description = "Directive (default: MESHHUB_DIRECTIVE_ID).")
    String directiveId;
    @Option(names = "--file", paramLabel = "F", description = "Plan file (default: standard input).")
    String file;

    @Override
    protected Future<Outcome> run(HubClient hub) {
      String directive = HubClient.segment(orEnv(directiveId, "MESHHUB_DIRECTIVE_ID", "--directive"));
      JsonObject plan;
      try {
        plan = new JsonObject(readInput(file));
      } catch (DecodeException e) {
        throw usage("the plan is not a JSON object: " + e.getMessage());
      }
      return hub.post("/api/v1/directives/" + directive + "/plan", plan)
        .map(answer -> Outcome.of(answer, "plan submitted"));
    }
  }

  @Command(name = "complete", description = "Mark the contract completed.")
  static final class Complete extends AgentCommand {
    @Override
    protected Future<Outcome> run(HubClient hub) {
      return hub.post("/api/v1/contracts/" + contract() + "/complete", new JsonObject())
        .map(answer -> Outcome.of(answer, "contract completed"));
    }
  }

  @Command(name = "files", description = "List the contract's files.")
  static final class Files extends AgentCommand {
    @Override
    protected Future<Outcome> run(HubClient hub) {
      return hub.get("/api/v1/contracts/" + contract() + "/files").map(JsonArray.class::cast)
        .map(list -> Outcome.of(list, Tables.render(list, "name", "id", "updatedAt")));
    }
  }

  @Command(name = "file", description = "Print one of the contract's files, by name or id.")
  static final class ShowFile extends AgentCommand {
    @Parameters(index = "0", paramLabel = "NAME_OR_ID")
    String nameOrId;

    @Override
    protected Future<Outcome> run(HubClient hub) {
      return fileId(hub).compose(id -> hub.get("/api/v1/files/" + HubClient.segment(id)))
        .map(JsonObject.class::cast)
        .map(file -> Outcome.of(file, asText(file.getJsonArray("body", new JsonArray()))));
    }

    private Future<String> fileId(HubClient hub) {
      if (isUuid(nameOrId)) {
        return Future.succeededFuture(nameOrId);
      }
      return hub.get("/api/v1/contracts/" + contract() + "/files").map(JsonArray.class::cast)
        .map(list -> list.stream().map(JsonObject.class::cast)
          .filter(file -> nameOrId.equals(file.getString("name"))).findFirst()
          .map(file -> file.getString("id"))
          .orElseThrow(() -> new HubClient.HubError(404, new JsonObject().put("code", "NOT_FOUND"),
            "no file named " + nameOrId + " in the contract")));
    }
  }

  /** A file's elements as plain text: headings, paragraphs, code and markdown one after the other. */
  static String asText(JsonArray body) {
    return body.stream().map(JsonObject.class::cast).map(element -> switch (element.getString("type", "")) {
      case "heading" -> "#".repeat(element.getInteger("level", 1)) + " " + element.getString("text", "");
      case "paragraph" -> element.getString("text", "");
      default -> element.getString("content", "");
    }).collect(Collectors.joining("\n\n"));
  }

  @Command(name = "create-file", description = "Create a contract file from standard input.")
  static final class CreateFile extends AgentCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    protected Future<Outcome> run(HubClient hub) {
      JsonObject file = new JsonObject().put("name", name).put("content", readInput(null));
      return hub.post("/api/v1/contracts/" + contract() + "/files", file).map(JsonObject.class::cast)
        .map(created -> Outcome.of(created, created.getString("id")));
    }
  }

  @Command(name = "create-order", description = "File an order (a spike or a chore) for later.")
  static final class CreateOrder extends AgentCommand {
    @Parameters(index = "0", paramLabel = "TITLE")
    String title;
    @Option(names = "--type", paramLabel = "TYPE", description = "spike (default) or chore.")
    String orderType;
    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Override
    protected Future<Outcome> run(HubClient hub) {
      JsonObject order = body("title", title, "orderType", orderType, "description", description);
      return hub.post("/api/v1/mesh/supervisor/orders", order).map(JsonObject.class::cast)
        .map(created -> Outcome.of(created, created.getString("id")));
    }
  }

  @Command(name = "redteam-notify", description = "A red-team monitor tells the supervisor what it found.")
  static final class RedTeamNotify extends AgentCommand {
    @Parameters(index = "0", paramLabel = "MESSAGE")
    String message;
    @Option(names = "--severity", paramLabel = "LEVEL", required = true,
      description = "critical, high, medium or low.")
    String severity;
    @Option(names = "--task", paramLabel = "TASK_ID", description = "The work task it is about.")
    String taskId;
    @Option(names = "--file", paramLabel = "PATH")
    String file;
    @Option(names = "--context", paramLabel = "TEXT", description = "The evidence.")
    String context;

    @Override
    protected Future<Outcome> run(HubClient hub) {
      JsonObject finding = body("message", message, "severity", severity, "taskId", taskId, "file", file,
        "context", context);
      return hub.post("/api/v1/mesh/redteam/notify", finding).map(JsonObject.class::cast)
        .map(result -> Outcome.of(result, result.getBoolean("forwarded") ? "sent to the supervisor"
          : "kept in the contract's history; the supervisor is not running"));
    }
  }

  static boolean isUuid(String text) {
    try {
      return UUID.fromString(text).toString().equalsIgnoreCase(text);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

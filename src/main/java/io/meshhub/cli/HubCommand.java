package io.meshhub.cli;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A command that calls a hub: it connects as an owner or as a task, runs, and prints the answer — the hub's JSON
 * unchanged with {@code --json}, else a human rendering. Failures end the same way for every command: an
 * {@code ApiError} as {@code error: CODE: message} on stderr with exit 1, an unreachable hub exit 3, a missing key
 * or argument exit 2.
 */
public abstract class HubCommand implements Callable<Integer> {

  /** Exit statuses of {@code cli.md}. */
  public static final int OK = 0;
  public static final int HUB_ERROR = 1;
  public static final int USAGE = 2;
  public static final int UNREACHABLE = 3;
  public static final int TIMED_OUT = 4;

  /** What a command prints and how it exits. */
  public record Outcome(Object json, String text, int exitCode) {
    public static Outcome of(Object json, String text) {
      return new Outcome(json, text, OK);
    }
  }

  /** Where the hub is and who the command is. */
  public static final class Connection {
    @Option(names = "--hub", paramLabel = "URL", defaultValue = "${env:MESHHUB_URL:-http://127.0.0.1:8080}",
      description = "Hub URL (env MESHHUB_URL, default ${DEFAULT-VALUE}).")
    String hubUrl;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:MESHHUB_API_KEY}",
      description = "Owner API key (env MESHHUB_API_KEY).")
    String apiKey;

    @Option(names = "--tool-key", paramLabel = "KEY", defaultValue = "${env:MESHHUB_TOOL_KEY}",
      description = "Tool key of the calling task (env MESHHUB_TOOL_KEY).")
    String toolKey;

    @Option(names = "--json", description = "Print the hub's JSON answer unchanged.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    public String hubUrl() {
      return hubUrl;
    }

    public String apiKey() {
      return apiKey;
    }
  }

  @Mixin
  protected Connection connection;

  @Spec
  protected CommandSpec spec;

  /** Owner commands send the API key; agent commands the tool key. */
  protected abstract HubClient.As as();

  /** Runs the command against the hub. */
  protected abstract Future<Outcome> run(HubClient hub);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String key = as() == HubClient.As.OWNER ? connection.apiKey : connection.toolKey;
    if (key == null || key.isBlank()) {
      return fail(err, as() == HubClient.As.OWNER ? "an API key is needed (--api-key or MESHHUB_API_KEY)"
        : "a tool key is needed (--tool-key or MESHHUB_TOOL_KEY)", USAGE);
    }
    try (HubClient hub = HubClient.open(connection.hubUrl, as(), key)) {
      Outcome outcome = HubClient.await(run(hub));
      if (connection.json) {
        out.println(encode(outcome.json()));
      } else if (outcome.text() != null && !outcome.text().isEmpty()) {
        out.println(outcome.text());
      }
      out.flush();
      return outcome.exitCode();
    } catch (HubClient.HubError error) {
      return fail(err, error.code() + ": " + error.getMessage(), HUB_ERROR);
    } catch (HubClient.Unreachable unreachable) {
      return fail(err, unreachable.getMessage(), UNREACHABLE);
    } catch (CommandLine.ParameterException usage) {
      return fail(err, usage.getMessage(), USAGE);
    } catch (ClassCastException unexpected) {
      return fail(err, "the hub's answer is not what this command expects (is --hub a meshhub hub?)", HUB_ERROR);
    }
  }

  private static int fail(PrintWriter err, String message, int exitCode) {
    err.println("error: " + message);
    err.flush();
    return exitCode;
  }

  /** A usage error found while running (a default that is missing, a file that cannot be read). */
  protected CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** The value of an option, else of the environment variable that defaults it, else a usage error. */
  protected String orEnv(String value, String variable, String option) {
    if (value != null && !value.isBlank()) {
      return value;
    }
    String fromEnv = System.getenv(variable);
    if (fromEnv == null || fromEnv.isBlank()) {
      throw usage(option + " is needed (or " + variable + " in the environment)");
    }
    return fromEnv;
  }

  /**
   * A request body built from options: an option the user did not give is left out, so that the hub applies its
   * own default (a {@code null} would be refused by the OpenAPI document).
   */
  static JsonObject body(Object... namesAndValues) {
    JsonObject body = new JsonObject();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        body.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return body;
  }

  static String encode(Object json) {
    if (json instanceof JsonObject object) {
      return object.encodePrettily();
    }
    if (json instanceof JsonArray array) {
      return array.encodePrettily();
    }
    return String.valueOf(json);
  }
}

package io.meshhub;

import io.meshhub.app.ConfigLoader;
import io.meshhub.app.Hub;
import io.meshhub.cli.CommandLineClient;
import io.meshhub.cli.DaemonCommand;
import io.meshhub.cli.Versions;
import io.meshhub.core.MeshhubConfig;
import io.vertx.core.Vertx;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The meshhub command line: {@code serve} (the default) runs a hub node, {@code daemon} the reference daemon, and
 * every other command is a client of a running hub (see {@code meshhub --help}).
 */
@Command(name = "meshhub", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
  description = "A hub that runs fleets of AI coding agents on their owners' daemons.",
  subcommands = {Main.Serve.class, DaemonCommand.class})
public final class Main implements Callable<Integer> {

  /** Commands that run a hub or a daemon log like a server; the others only say what went wrong, on stderr. */
  private static final Set<String> SERVERS = Set.of("serve", "daemon");

  public static void main(String[] args) {
    boolean server = args.length == 0 || SERVERS.contains(args[0]) || args[0].startsWith("-");
    useLogbackConfiguration(!server ? "conf/logback-cli.xml"
      : "json".equals(ConfigLoader.startupSetting("logging", "format")) ? "conf/logback-json.xml"
      : "conf/logback.xml");
    CommandLine commandLine = new CommandLine(new Main());
    CommandLineClient.register(commandLine);
    // Read from the configuration file only when serve's help is shown, not on every command.
    commandLine.getSubcommands().get("serve").getHelpSectionMap().put(
      CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> String.join("\n", configurationHelp()) + "\n");
    System.exit(commandLine.execute(args));
  }

  /** The version of the build, from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"meshhub " + Versions.current()};
    }
  }

  /** Every configuration key of serve, with its default and how to override it. */
  private static String[] configurationHelp() {
    List<String> lines = new ArrayList<>(List.of("", "Configuration (" + ConfigLoader.DEFAULT_FILE
      + "; each key is overridden by its environment variable, then by -D<key>=<value>):",
      String.format("  %-28s %-22s %s", "key", "default", "environment variable")));
    lines.addAll(ConfigLoader.describeKeys());
    return lines.toArray(String[]::new);
  }

  /** With no command, serve. */
  @Override
  public Integer call() throws Exception {
    return new Serve().call();
  }

  /** The logging configuration sits in conf/ beside config.json; the jar carries a copy for running elsewhere. */
  private static void useLogbackConfiguration(String file) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", file);
    }
  }

  /** Runs one hub node until SIGTERM / Ctrl-C, then stops it gracefully. */
  @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run a hub node (the default command).")
  static final class Serve implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "Configuration file (default: ${DEFAULT-VALUE}).")
    String configFile = ConfigLoader.DEFAULT_FILE;

    @Option(names = "--cluster", description = "Join the Hazelcast cluster (as cluster.enabled=true).")
    boolean cluster;

    @Override
    public Integer call() throws Exception {
      MeshhubConfig loaded = loadConfig(configFile);
      MeshhubConfig config = cluster ? loaded.clustered() : loaded;
      Hub hub;
      try {
        hub = Hub.start(config).toCompletionStage().toCompletableFuture().get();
      } catch (ExecutionException e) {
        LoggerFactory.getLogger(Main.class).error("meshhub could not start", e.getCause());
        return 1;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(hub), "meshhub-shutdown"));
      announce(hub);
      Thread.currentThread().join();
      return 0;
    }

    private static MeshhubConfig loadConfig(String file) throws Exception {
      Vertx loader = Vertx.vertx();
      try {
        return ConfigLoader.load(loader, file).toCompletionStage().toCompletableFuture().get();
      } finally {
        loader.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }

    /**
     * One line on standard output (not the log, which may be shipped elsewhere): where the hub is, and on a brand-new
     * database the generated admin key, shown this once and never again.
     */
    private static void announce(Hub hub) {
      String url = hub.config().http().url();
      String line = "meshhub ready at " + url + " (API document: " + url + "/openapi.yaml)";
      if (hub.generatedAdminKey().isPresent()) {
        line += "; admin API key, shown only now: " + hub.generatedAdminKey().get();
      }
      System.out.println(line);
    }

    private static void stop(Hub hub) {
      try {
        hub.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("meshhub did not stop cleanly: " + e);
      }
    }
  }
}

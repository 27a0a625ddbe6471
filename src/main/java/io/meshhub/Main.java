package io.meshhub;

import io.meshhub.app.ConfigLoader;
import io.meshhub.app.Hub;
import io.meshhub.app.MeshhubConfig;
import io.vertx.core.Vertx;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The meshhub command line: {@code serve} (the default) runs a hub node. */
@Command(name = "meshhub", mixinStandardHelpOptions = true, version = "meshhub 0.1",
  description = "A hub that runs fleets of AI coding agents on their owners' daemons.",
  subcommands = Main.Serve.class)
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    useLogbackConfiguration();
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /** With no command, serve. */
  @Override
  public Integer call() throws Exception {
    return new Serve().call();
  }

  /** The logging configuration sits in conf/ beside config.json; the jar carries a copy for running elsewhere. */
  private static void useLogbackConfiguration() {
    if (System.getProperty("logback.configurationFile") == null) {
      Path local = Path.of("conf/logback.xml");
      System.setProperty("logback.configurationFile", Files.exists(local) ? local.toString() : "conf/logback.xml");
    }
  }

  /** Runs one hub node until SIGTERM / Ctrl-C, then stops it gracefully. */
  @Command(name = "serve", description = "Run a hub node (the default command).")
  static final class Serve implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "Configuration file (default: ${DEFAULT-VALUE}).")
    String configFile = ConfigLoader.DEFAULT_FILE;

    @Override
    public Integer call() throws Exception {
      MeshhubConfig config = loadConfig(configFile);
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

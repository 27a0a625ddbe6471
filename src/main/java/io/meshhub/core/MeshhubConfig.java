package io.meshhub.core;

import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * The hub's configuration, read once at start-up (see {@link ConfigLoader}) and handed to whoever needs a part
 * of it. Keys mirror {@code conf/config.json}.
 */
public record MeshhubConfig(Http http, Db db, Auth auth, Cluster cluster, Scheduler scheduler, Daemons daemons,
                            Tasks tasks, Questions questions, Metrics metrics) {

  /**
   * Where the hub listens, and the URL agents are told to call ({@code publicUrl}, default derived);
   * {@code idleTimeoutMs} closes a connection that carries no request for that long (a request that waits keeps its
   * connection open).
   */
  public record Http(String host, int port, String publicUrl, long idleTimeoutMs) {

    /** The hub's URL as daemons and agents reach it. */
    public String url() {
      return publicUrl.isBlank() ? "http://" + host + ":" + port : publicUrl;
    }
  }

  /** The database: {@code url} empty means an embedded Postgres in {@code dataDir} ({@code port} 0 = free port). */
  public record Db(String url, String dataDir, int port, int poolSize) {

    public boolean embedded() {
      return url.isBlank();
    }

    @Override
    public String toString() {
      return "Db[url=" + (embedded() ? "" : "<set>") + ", dataDir=" + dataDir + ", port=" + port
        + ", poolSize=" + poolSize + "]";
    }
  }

  /** Bootstrap of the first admin owner. */
  public record Auth(String bootstrapKey) {

    /** Never prints the key: configuration is logged, keys never are. */
    @Override
    public String toString() {
      return "Auth[bootstrapKey=" + (bootstrapKey.isEmpty() ? "" : "<set>") + "]";
    }
  }

  /**
   * Hazelcast clustering, off by default: the XML file, and what overrides it without editing it — the cluster's
   * {@code name} (clusters of other names never merge), its {@code members} ({@code host[:port]}, comma-separated;
   * empty: the file's), the interface this node binds and advertises, for Hazelcast and the event bus, and its
   * Hazelcast {@code port} (0: the file's, 5701 and up).
   */
  public record Cluster(boolean enabled, String configFile, String name, String members, String host, int port) {

    public List<String> memberList() {
      return Arrays.stream(members.split(",")).map(String::strip).filter(member -> !member.isEmpty()).toList();
    }

    /** The same settings, clustered ({@code serve --cluster}). */
    public Cluster on() {
      return new Cluster(true, configFile, name, members, host, port);
    }
  }

  /** The same configuration, clustered. */
  public MeshhubConfig clustered() {
    return new MeshhubConfig(http, db, auth, cluster.on(), scheduler, daemons, tasks, questions, metrics);
  }

  /**
   * The try-start-pending loop's safety sweep, and how long a daemon that lost a task waits before it may take the
   * task again (when no other daemon of the owner can).
   */
  public record Scheduler(long sweepMs, long retryCooldownMs) {
  }

  /**
   * Heartbeat interval told to daemons, the silence after which a daemon is lost, how long a command waits for the
   * daemon's {@code commandResult}, and how long a checkpoint request waits for the real commit.
   */
  public record Daemons(long heartbeatMs, long timeoutMs, long commandTimeoutMs, long checkpointWaitMs) {
  }

  /** Retries of interrupted tasks. */
  public record Tasks(int maxRetries) {
  }

  /**
   * How long a blocked question waits: a phaseguard ask (or one under a semi-auto / manual directive) and a poll
   * per request, an ask under an auto directive in all.
   */
  public record Questions(long phaseguardWaitMs, long autoWaitMs, long pollWaitMs) {
  }

  /** Prometheus metrics at {@code /metrics}: on the public port, or on {@code port} alone when it is not 0. */
  public record Metrics(boolean enabled, int port) {
  }

  /** Builds the record from the merged configuration tree; a missing key is a start-up error naming it. */
  public static MeshhubConfig fromJson(JsonObject json) {
    Section http = Section.of(json, "http");
    Section db = Section.of(json, "db");
    Section auth = Section.of(json, "auth");
    Section cluster = Section.of(json, "cluster");
    Section scheduler = Section.of(json, "scheduler");
    Section daemons = Section.of(json, "daemons");
    Section tasks = Section.of(json, "tasks");
    Section questions = Section.of(json, "questions");
    Section metrics = Section.of(json, "metrics");
    return new MeshhubConfig(
      new Http(http.string("host"), http.integer("port"), http.string("publicUrl"), http.number("idleTimeoutMs")),
      new Db(db.string("url"), db.string("dataDir"), db.integer("port"), db.integer("poolSize")),
      new Auth(auth.string("bootstrapKey")),
      new Cluster(cluster.bool("enabled"), cluster.string("configFile"), cluster.string("name"),
        cluster.string("members"), cluster.string("host"), cluster.integer("port")),
      new Scheduler(scheduler.number("sweepMs"), scheduler.number("retryCooldownMs")),
      new Daemons(daemons.number("heartbeatMs"), daemons.number("timeoutMs"), daemons.number("commandTimeoutMs"),
        daemons.number("checkpointWaitMs")),
      new Tasks(tasks.integer("maxRetries")),
      new Questions(questions.number("phaseguardWaitMs"), questions.number("autoWaitMs"),
        questions.number("pollWaitMs")),
      new Metrics(metrics.bool("enabled"), metrics.integer("port")));
  }

  /** One object of the configuration tree, whose getters name the full key when it is missing. */
  private record Section(JsonObject json, String name) {

    static Section of(JsonObject root, String name) {
      JsonObject json = root.getJsonObject(name);
      if (json == null) {
        throw new IllegalArgumentException("configuration section " + name + " is missing");
      }
      return new Section(json, name);
    }

    String string(String key) {
      return required(json.getString(key), key);
    }

    int integer(String key) {
      return required(json.getInteger(key), key);
    }

    long number(String key) {
      return required(json.getLong(key), key);
    }

    boolean bool(String key) {
      return required(json.getBoolean(key), key);
    }

    private <T> T required(T value, String key) {
      if (value == null) {
        throw new IllegalArgumentException("configuration key " + name + "." + key + " is missing");
      }
      return value;
    }
  }
}

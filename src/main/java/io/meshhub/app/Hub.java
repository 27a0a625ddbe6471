package io.meshhub.app;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.meshhub.auth.AdminBootstrap;
import io.meshhub.core.HubContext;
import io.meshhub.core.HubMetrics;
import io.meshhub.core.MeshhubConfig;
import io.meshhub.core.Readiness;
import io.meshhub.daemons.DaemonRegistryVerticle;
import io.meshhub.directives.DirectiveEngineVerticle;
import io.meshhub.http.HttpVerticle;
import io.meshhub.questions.QuestionBrokerVerticle;
import io.meshhub.scheduler.SchedulerVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One running hub node: its database (embedded or external), Vert.x and the verticles. Start-up order is the one
 * the architecture fixes: database, migrations, admin bootstrap, Vert.x, verticles. {@link #stop()} undoes it.
 */
public final class Hub {

  private final MeshhubConfig config;
  private final Vertx vertx;
  private final Database database;
  private final List<String> deployments;
  private final Optional<String> generatedAdminKey;

  private Hub(MeshhubConfig config, Vertx vertx, Database database, List<String> deployments,
              Optional<String> generatedAdminKey) {
    this.config = config;
    this.vertx = vertx;
    this.database = database;
    this.deployments = List.copyOf(deployments);
    this.generatedAdminKey = generatedAdminKey;
  }

  /** Starts a hub node; the future completes once it serves requests. */
  public static Future<Hub> start(MeshhubConfig config) {
    // No context: a failed start closes Vert.x, and the caller must still hear about the failure.
    Promise<Hub> started = Promise.promise();
    ClusterManager cluster = config.cluster().enabled()
      ? new HazelcastClusterManager(hazelcastConfig(config.cluster())) : null;
    String metricsRegistry = "meshhub-" + UUID.randomUUID();
    createVertx(cluster, config, metricsRegistry).onFailure(started::fail).onSuccess(vertx -> startOn(vertx, cluster,
        config, metricsRegistry)
      .onSuccess(started::complete)
      .onFailure(failure -> {
        started.fail(failure);
        vertx.close();
      }));
    return started.future();
  }

  private static Future<Hub> startOn(Vertx vertx, ClusterManager cluster, MeshhubConfig config,
                                     String metricsRegistry) {
    MeterRegistry registry = BackendRegistries.getNow(metricsRegistry);
    if (registry != null) {
      HubMetrics.install(vertx, registry);
    }
    return vertx.executeBlocking(() -> openDatabase(config))
      .compose(database -> bootstrap(config, vertx, cluster, database)
        .recover(failure -> closeDatabase(vertx, database).transform(closed -> Future.failedFuture(failure))));
  }

  private static Database openDatabase(MeshhubConfig config) throws IOException {
    Database database = Database.open(config.db());
    try {
      Migrations.migrate(database);
      return database;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private static Future<Hub> bootstrap(MeshhubConfig config, Vertx vertx, ClusterManager cluster,
                                       Database database) {
    Pool pool = HubContext.pool(vertx, database.connectOptions(), config.db().poolSize());
    return AdminBootstrap.ensureAdmin(pool, config.auth().bootstrapKey())
      .eventually(() -> pool.close())
      .compose(adminKey -> deployVerticles(config, vertx, context(config, cluster, database))
        .map(deployments -> new Hub(config, vertx, database, deployments, adminKey)));
  }

  /**
   * Deploys the verticles in dependency order: the registry first (it marks daemons of dead nodes lost), then the
   * scheduler (it retries their tasks), the question broker and the directive engine, the HTTP verticle last, once
   * everything it calls is there.
   */
  private static Future<List<String>> deployVerticles(MeshhubConfig config, Vertx vertx, HubContext context) {
    List<String> deployments = new ArrayList<>();
    DeploymentOptions single = new DeploymentOptions();
    DeploymentOptions perEventLoop = new DeploymentOptions().setInstances(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE);
    return vertx.deployVerticle(() -> new DaemonRegistryVerticle(context), single)
      .onSuccess(deployments::add)
      .compose(id -> vertx.deployVerticle(() -> new SchedulerVerticle(context), single))
      .onSuccess(deployments::add)
      .compose(id -> vertx.deployVerticle(() -> new QuestionBrokerVerticle(context), single))
      .onSuccess(deployments::add)
      .compose(id -> vertx.deployVerticle(() -> new DirectiveEngineVerticle(context), single))
      .onSuccess(deployments::add)
      .compose(id -> vertx.deployVerticle(() -> new HttpVerticle(context, HubRoutes::of), perEventLoop))
      .onSuccess(deployments::add)
      .onSuccess(id -> Readiness.deployed(vertx, true))
      .map(id -> deployments);
  }

  /** The node's id and live nodes come from the cluster's membership when clustered; alone, it is the only one. */
  private static HubContext context(MeshhubConfig config, ClusterManager cluster, Database database) {
    if (cluster != null) {
      HazelcastClusterManager hazelcast = (HazelcastClusterManager) cluster;
      return new HubContext(config, database.connectOptions(), cluster.getNodeId(), cluster::getNodes,
        action -> whenAMemberLeaves(hazelcast, action),
        // Every member sees the members in the same order, oldest first: the oldest leads.
        () -> hazelcast.getHazelcastInstance().getCluster().getMembers().iterator().next().localMember());
    }
    String nodeId = "local-" + UUID.randomUUID();
    return new HubContext(config, database.connectOptions(), nodeId, () -> List.of(nodeId), action -> { },
      () -> true);
  }

  /**
   * Hazelcast's own membership events: Vert.x keeps the cluster manager's one node listener for itself (it cleans
   * up the bus after a dead node), so the hub listens beside it.
   */
  private static void whenAMemberLeaves(HazelcastClusterManager cluster, Runnable action) {
    cluster.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        // Nothing to do: a new node serves its own daemons.
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        action.run();
      }
    });
  }

  /** Clustered, the event bus listens on the cluster's interface, as Hazelcast does. */
  /**
   * Vert.x with its Micrometer metrics (HTTP, event bus, pools, JVM) in a Prometheus registry of the node's own —
   * several nodes may share a JVM, as in tests — clustered when the configuration says so.
   */
  private static Future<Vertx> createVertx(ClusterManager cluster, MeshhubConfig config, String metricsRegistry) {
    // No event-bus address label: every daemon session and every owner's events have an address of their own, and
    // a series per address would grow with the fleet (and cost each message a lookup among them). No raw TCP
    // meters and no quantiles of Vert.x's timers: they are recorded on every read and write of every socket (the
    // database's included), and with them on, the dispatch benchmark's p50 went from 2.2 to 2.8-3.9 ms. HTTP,
    // event-bus and pool meters stay; the hub's own latencies have their histograms.
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
      .setEnabled(config.metrics().enabled()).setRegistryName(metricsRegistry).setJvmMetricsEnabled(true)
      .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME,
        Label.EB_SIDE, Label.EB_FAILURE))
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    metrics.addDisabledMetricsCategory(MetricsDomain.NET_SERVER).addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
      .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET);
    VertxOptions options = new VertxOptions().setMetricsOptions(metrics);
    if (cluster == null) {
      return Future.succeededFuture(Vertx.vertx(options));
    }
    MeshhubConfig.Cluster settings = config.cluster();
    if (!settings.host().isBlank()) {
      options.getEventBusOptions().setHost(settings.host()).setClusterPublicHost(settings.host());
    }
    return Vertx.builder().with(options).withClusterManager(cluster).buildClustered();
  }

  /**
   * The Hazelcast configuration file from the working directory, else the copy in the jar, with the settings that
   * override it: the cluster's name, its members (TCP-IP join), and the interface to bind and advertise.
   */
  private static Config hazelcastConfig(MeshhubConfig.Cluster cluster) {
    Path file = Path.of(cluster.configFile());
    Config config;
    try {
      config = Files.exists(file) ? new XmlConfigBuilder(file.toString()).build()
        : new ClasspathXmlConfig(cluster.configFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    config.setClusterName(cluster.name());
    NetworkConfig network = config.getNetworkConfig();
    if (!cluster.host().isBlank()) {
      network.getInterfaces().setEnabled(true).setInterfaces(List.of(cluster.host()));
    }
    if (cluster.port() > 0) {
      network.setPort(cluster.port()).setPortAutoIncrement(false);
    }
    if (!cluster.memberList().isEmpty()) {
      network.getJoin().getMulticastConfig().setEnabled(false);
      network.getJoin().getTcpIpConfig().setEnabled(true).setMembers(cluster.memberList());
    }
    return config;
  }

  public MeshhubConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Where this node's database is (a fresh copy: the options are mutable). */
  public PgConnectOptions databaseOptions() {
    return database.connectOptions();
  }

  /** The admin key generated for a brand-new database, to be shown once; empty otherwise. */
  public Optional<String> generatedAdminKey() {
    return generatedAdminKey;
  }

  /**
   * Stops accepting requests, undeploys the verticles in reverse order, stops the embedded Postgres, then closes
   * Vert.x. Safe to call from any thread but an event loop of this hub.
   */
  public Future<Void> stop() {
    Readiness.deployed(vertx, false);
    Future<Void> undeployed = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String deployment = deployments.get(i);
      undeployed = undeployed.eventually(() -> vertx.undeploy(deployment));
    }
    return undeployed
      .eventually(() -> closeDatabase(vertx, database))
      .eventually(() -> vertx.close())
      .onComplete(closed -> HubMetrics.uninstall(vertx));
  }

  private static Future<Void> closeDatabase(Vertx vertx, Database database) {
    return vertx.executeBlocking(() -> {
      database.close();
      return null;
    });
  }
}

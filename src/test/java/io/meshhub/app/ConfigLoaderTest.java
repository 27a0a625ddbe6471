package io.meshhub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshhub.core.MeshhubConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

@ExtendWith(VertxExtension.class)
@Timeout(30_000)
class ConfigLoaderTest {

  private static final JsonObject FILE = new JsonObject()
    .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 8080))
    .put("db", new JsonObject().put("dataDir", "./data/pg").put("poolSize", 8))
    .put("cluster", new JsonObject().put("enabled", false));

  @Test
  void environmentOverridesTheFileAndPropertiesOverrideTheEnvironment() {
    JsonObject resolved = ConfigLoader.resolve(FILE,
      Map.of("MESHHUB_HTTP_PORT", "9090", "MESHHUB_DB_DATA_DIR", "/var/meshhub", "MESHHUB_DB_POOL_SIZE", "4"),
      Map.of("db.poolSize", "16", "cluster.enabled", "true"));

    assertThat(resolved.getJsonObject("http").getValue("port")).isEqualTo(9090L);
    assertThat(resolved.getJsonObject("http").getString("host")).isEqualTo("127.0.0.1");
    assertThat(resolved.getJsonObject("db").getString("dataDir")).isEqualTo("/var/meshhub");
    assertThat(resolved.getJsonObject("db").getValue("poolSize")).isEqualTo(16L);
    assertThat(resolved.getJsonObject("cluster").getBoolean("enabled")).isTrue();
  }

  @Test
  void environmentNamesAreUpperSnakeCaseOfTheKey() {
    assertThat(ConfigLoader.environmentName("http.port")).isEqualTo("MESHHUB_HTTP_PORT");
    assertThat(ConfigLoader.environmentName("db.dataDir")).isEqualTo("MESHHUB_DB_DATA_DIR");
    assertThat(ConfigLoader.environmentName("daemons.heartbeatMs")).isEqualTo("MESHHUB_DAEMONS_HEARTBEAT_MS");
  }

  @Test
  void badOverrideNamesItsKey() {
    assertThatThrownBy(() -> ConfigLoader.resolve(FILE, Map.of("MESHHUB_HTTP_PORT", "eighty"), Map.of()))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http.port");
    assertThatThrownBy(() -> ConfigLoader.resolve(FILE, Map.of(), Map.of("cluster.enabled", "yes")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster.enabled");
  }

  @Test
  void loadsTheShippedDefaultsIntoTheTypedRecord(Vertx vertx, VertxTestContext test) {
    ConfigLoader.load(vertx, ConfigLoader.DEFAULT_FILE).onComplete(test.succeeding(config -> test.verify(() -> {
      assertThat(config.http().port()).isEqualTo(8080);
      assertThat(config.db().embedded()).isTrue();
      assertThat(config.db().dataDir()).isEqualTo("./data/pg");
      assertThat(config.scheduler().sweepMs()).isEqualTo(1000);
      assertThat(config.daemons().timeoutMs()).isEqualTo(15000);
      assertThat(config.tasks().maxRetries()).isEqualTo(3);
      test.completeNow();
    })));
  }

  @Test
  void configurationNeverPrintsTheBootstrapKey() {
    MeshhubConfig.Auth auth = new MeshhubConfig.Auth("mh_secret");
    assertThat(auth.toString()).doesNotContain("mh_secret");
  }
}

package io.meshhub.app;

import io.meshhub.core.MeshhubConfig;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads the configuration with vertx-config: the JSON file (from the working directory, else the copy in the jar),
 * then {@code MESHHUB_*} environment variables, then {@code -D} system properties, each overriding the one before.
 *
 * <p>Only keys that the file declares can be overridden, and an override takes the type of the file's value, so
 * {@code MESHHUB_HTTP_PORT=9090} becomes the number 9090 and a typo in a variable name cannot invent a key.
 */
public final class ConfigLoader {

  public static final String DEFAULT_FILE = "conf/config.json";
  private static final String ENV_PREFIX = "MESHHUB_";

  private ConfigLoader() {
  }

  /** Reads the file, the environment and the system properties once and returns the typed configuration. */
  public static Future<MeshhubConfig> load(Vertx vertx, String configFile) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
      .setIncludeDefaultStores(false)
      .addStore(new ConfigStoreOptions().setType("file").setFormat("json")
        .setConfig(new JsonObject().put("path", configFile)));
    ConfigRetriever fileRetriever = ConfigRetriever.create(vertx, options);
    ConfigRetriever envRetriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
      .setIncludeDefaultStores(false)
      .addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject().put("raw-data", true))));
    ConfigRetriever propertyRetriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
      .setIncludeDefaultStores(false)
      .addStore(new ConfigStoreOptions().setType("sys")
        .setConfig(new JsonObject().put("raw-data", true).put("cache", false))));
    return Future.all(fileRetriever.getConfig(), envRetriever.getConfig(), propertyRetriever.getConfig())
      .map(all -> resolve(all.resultAt(0), all.<JsonObject>resultAt(1).getMap(), all.<JsonObject>resultAt(2).getMap()))
      .map(MeshhubConfig::fromJson)
      .onComplete(done -> {
        fileRetriever.close();
        envRetriever.close();
        propertyRetriever.close();
      });
  }

  /**
   * One setting, resolved as {@link #load} would (file, then environment, then system properties) but without
   * Vert.x, for what must be known before anything starts: the log format, chosen before the first line is logged.
   * The file is the default one, from the working directory or else the jar.
   */
  public static String startupSetting(String section, String key) {
    JsonObject resolved = resolve(defaultFile(), System.getenv(), systemProperties());
    JsonObject values = resolved.getJsonObject(section);
    if (values == null || values.getValue(key) == null) {
      throw new IllegalStateException("configuration key " + section + "." + key + " is not in " + DEFAULT_FILE);
    }
    return values.getValue(key).toString();
  }

  /**
   * Every configuration key with its value in the default file and the variable that overrides it, one per line,
   * for {@code meshhub serve --help}.
   */
  public static List<String> describeKeys() {
    List<String> lines = new ArrayList<>();
    describe(defaultFile(), "", lines);
    return lines;
  }

  private static void describe(JsonObject tree, String prefix, List<String> lines) {
    tree.forEach(entry -> {
      String path = prefix + entry.getKey();
      if (entry.getValue() instanceof JsonObject section) {
        describe(section, path + ".", lines);
      } else {
        String value = entry.getValue() == null || entry.getValue().toString().isEmpty() ? "\"\""
          : entry.getValue().toString();
        lines.add(String.format("  %-28s %-22s %s", path, value, environmentName(path)));
      }
    });
  }

  private static JsonObject defaultFile() {
    try {
      Path file = Path.of(DEFAULT_FILE);
      if (Files.isRegularFile(file)) {
        return new JsonObject(Files.readString(file));
      }
      try (InputStream copy = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULT_FILE)) {
        if (copy == null) {
          throw new IllegalStateException(DEFAULT_FILE + " is neither in the working directory nor in the jar");
        }
        return new JsonObject(new String(copy.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> systemProperties() {
    Map<String, Object> properties = new HashMap<>();
    System.getProperties().forEach((name, value) -> properties.put(name.toString(), value));
    return properties;
  }

  /**
   * Applies overrides to the file's tree: for the key {@code db.dataDir}, the variable {@code MESHHUB_DB_DATA_DIR},
   * then the property {@code db.dataDir}.
   */
  public static JsonObject resolve(JsonObject file, Map<String, ?> environment, Map<String, ?> properties) {
    return resolve(file, "", environment, properties);
  }

  private static JsonObject resolve(JsonObject tree, String prefix, Map<String, ?> environment,
                                    Map<String, ?> properties) {
    JsonObject resolved = new JsonObject();
    tree.forEach(entry -> {
      String path = prefix + entry.getKey();
      if (entry.getValue() instanceof JsonObject section) {
        resolved.put(entry.getKey(), resolve(section, path + ".", environment, properties));
        return;
      }
      Object override = properties.get(path);
      if (override == null) {
        override = environment.get(environmentName(path));
      }
      resolved.put(entry.getKey(), override == null ? entry.getValue() : typed(path, override.toString(),
        entry.getValue()));
    });
    return resolved;
  }

  /** {@code db.dataDir} → {@code MESHHUB_DB_DATA_DIR}. */
  static String environmentName(String path) {
    return ENV_PREFIX + path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  private static Object typed(String path, String value, Object fileValue) {
    try {
      if (fileValue instanceof Boolean) {
        if (!value.equals("true") && !value.equals("false")) {
          throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(value);
      }
      if (fileValue instanceof Number) {
        return Long.parseLong(value.trim());
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("configuration key " + path + ": '" + value + "' is not valid ("
        + e.getMessage() + ")", e);
    }
  }
}

package io.meshhub.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Swagger UI at {@code /docs}, over the hub's own {@code /openapi.yaml}: the UI's files come from the
 * {@code org.webjars:swagger-ui} jar (no CDN: a hub may run with no internet), the page and its settings from ours.
 * With "Authorize", an owner's API key or a task's tool key can be used from the page.
 */
final class ApiDocs {

  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

  private ApiDocs() {
  }

  static void mount(Router root) {
    // The page loads its files relative to /docs/: /docs itself is sent there (Vert.x routes match both).
    root.get("/docs").handler(ctx -> {
      if (ctx.request().path().endsWith("/")) {
        ctx.next();
      } else {
        ctx.redirect("/docs/");
      }
    });
    root.get("/docs/ui/*").handler(StaticHandler.create(WEBJAR + version()).setMaxAgeSeconds(86_400));
    root.get("/docs/*").handler(StaticHandler.create("webroot/docs").setMaxAgeSeconds(60));
  }

  /** The webjar keeps its files under its version, which its Maven properties name. */
  private static String version() {
    try (InputStream in = ApiDocs.class.getClassLoader()
      .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui webjar is not on the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

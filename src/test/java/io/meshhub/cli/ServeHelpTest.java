package io.meshhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.MeshhubProcess;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** meshhub --version names the build; serve --help lists every configuration key with its default. */
class ServeHelpTest {

  @Test
  void serveHelpListsEveryConfigurationKeyWithItsDefaultAndVariable() {
    MeshhubProcess.Result help = MeshhubProcess.run(Map.of(), "serve", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout()).containsPattern("http\\.port\\s+8080\\s+MESHHUB_HTTP_PORT")
      .containsPattern("daemons\\.timeoutMs\\s+15000\\s+MESHHUB_DAEMONS_TIMEOUT_MS")
      .containsPattern("logging\\.format\\s+text\\s+MESHHUB_LOGGING_FORMAT")
      .contains("db.url").contains("cluster.members").contains("questions.pollWaitMs");
  }

  @Test
  void versionNamesTheBuild() {
    MeshhubProcess.Result version = MeshhubProcess.run(Map.of(), "--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.stdout()).startsWith("meshhub ");
  }
}

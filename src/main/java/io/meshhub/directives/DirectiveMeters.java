package io.meshhub.directives;

import io.meshhub.core.CountGauges;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.util.Arrays;

/** Directives by status, all owners: read from the database at each scrape. */
final class DirectiveMeters {

  private static final String COUNT_BY_STATUS = "select status, count(*) from directives group by status";

  private final CountGauges byStatus;

  DirectiveMeters(MeterRegistry registry) {
    byStatus = new CountGauges(registry, "meshhub.directives", "directives by status, all owners", "status",
      Arrays.stream(DirectiveStatus.values()).map(DirectiveStatus::wire).toList());
  }

  Future<Void> refresh(Pool pool) {
    return byStatus.refresh(pool, COUNT_BY_STATUS);
  }
}

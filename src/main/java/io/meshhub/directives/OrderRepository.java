package io.meshhub.directives;

import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Orders; every statement names the owner. */
final class OrderRepository {

  /**
   * Files an order; a named directive must be the owner's, and an order without a repository takes the
   * directive's.
   */
  private static final String INSERT = """
    insert into orders (owner_id, title, description, priority, order_type, labels, directive_id, repository_url)
    select $1, $2, $3, $4, $5, $6, $7, coalesce($8, (select d.repository_url from directives d where d.id = $7))
    where $7::uuid is null or exists (select 1 from directives d where d.id = $7 and d.owner_id = $1)
    returning *""";
  private static final String FIND = "select * from orders where id = $1 and owner_id = $2";
  private static final String LIST = """
    select * from orders
    where owner_id = $1 and ($2::text is null or status = $2) and ($3::uuid is null or directive_id = $3)
      and ($4::text is null or order_type = $4)
    order by created_at desc, id limit $5 offset $6""";
  private static final String PATCH = """
    update orders set title = coalesce($3, title), description = coalesce($4, description),
                      priority = coalesce($5, priority), status = coalesce($6, status),
                      order_type = coalesce($7, order_type), labels = coalesce($8, labels), updated_at = now()
    where id = $1 and owner_id = $2
    returning *""";
  private static final String DELETE = "delete from orders where id = $1 and owner_id = $2";

  private final Pool pool;

  OrderRepository(Pool pool) {
    this.pool = pool;
  }

  /** Files the order; empty when the named directive is not the owner's. */
  Future<Optional<Order>> insert(UUID ownerId, JsonObject order, UUID directiveId) {
    Tuple params = Tuple.of(ownerId, order.getString("title").trim(), order.getString("description"),
        order.getString("priority", "medium"), order.getString("orderType", OrderType.DEFAULT.wire()),
        order.getJsonArray("labels", new JsonArray()))
      .addValue(directiveId).addValue(order.getString("repositoryUrl"));
    return pool.preparedQuery(INSERT).execute(params).map(rows -> Rows.first(rows).map(Order::fromRow));
  }

  Future<Optional<Order>> find(UUID ownerId, UUID orderId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(orderId, ownerId))
      .map(rows -> Rows.first(rows).map(Order::fromRow));
  }

  Future<List<Order>> list(UUID ownerId, String status, UUID directiveId, String orderType, int limit, long offset) {
    return pool.preparedQuery(LIST).execute(Tuple.of(ownerId, status, directiveId, orderType, limit, offset))
      .map(rows -> Rows.list(rows, Order::fromRow));
  }

  Future<Optional<Order>> patch(UUID ownerId, UUID orderId, JsonObject changes) {
    Tuple params = Tuple.of(orderId, ownerId, changes.getString("title"), changes.getString("description"),
      changes.getString("priority"), changes.getString("status")).addValue(changes.getString("orderType"))
      .addValue(changes.getJsonArray("labels"));
    return pool.preparedQuery(PATCH).execute(params).map(rows -> Rows.first(rows).map(Order::fromRow));
  }

  Future<Boolean> delete(UUID ownerId, UUID orderId) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(orderId, ownerId)).map(rows -> rows.rowCount() == 1);
  }
}

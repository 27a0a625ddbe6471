package io.meshhub.auth;

import io.meshhub.core.Caller;
import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;
import java.util.UUID;

/** Owners, their API keys, and the lookup of tool keys. Keys appear here only as SHA-256 hashes. */
public final class KeyRepository {

  private static final String FIND_OWNER_KEY = """
    select k.id as key_id, k.key_hash, o.id as owner_id, o.admin
    from api_keys k join owners o on o.id = k.owner_id
    where k.key_hash = $1 and k.revoked_at is null""";
  private static final String FIND_TOOL_KEY = """
    select id as key_id, key_hash, owner_id, task_id
    from tool_keys where key_hash = $1 and revoked_at is null""";
  private static final String INSERT_OWNER = """
    insert into owners (name, admin) values ($1, $2) returning id, name, admin""";
  private static final String INSERT_KEY = "insert into api_keys (owner_id, key_hash) values ($1, $2) returning id";
  private static final String REVOKE_KEY = """
    update api_keys set revoked_at = now() where id = $1 and owner_id = $2 and revoked_at is null returning id""";
  private static final String FIND_OWNER = "select id, name, admin from owners where id = $1";
  /** Serialises admin bootstrap across hub nodes starting at once on one database. */
  private static final String LOCK_BOOTSTRAP = "select pg_advisory_xact_lock(hashtext('meshhub.admin-bootstrap'))";
  private static final String COUNT_OWNERS = """
    select count(*) filter (where admin) as admins, count(*) as owners from owners""";

  private final Pool pool;

  public KeyRepository(Pool pool) {
    this.pool = pool;
  }

  /** The owner holding this live API key, if any. */
  Future<Optional<Caller>> findOwnerCaller(byte[] keyHash) {
    return pool.preparedQuery(FIND_OWNER_KEY).execute(Tuple.of(Buffer.buffer(keyHash)))
      .map(rows -> Rows.first(rows).filter(row -> matches(row, keyHash))
        .map(row -> Caller.owner(row.getUUID("owner_id"), row.getBoolean("admin"), row.getUUID("key_id"))));
  }

  /** The task holding this live tool key, if any. */
  Future<Optional<Caller>> findToolCaller(byte[] keyHash) {
    return pool.preparedQuery(FIND_TOOL_KEY).execute(Tuple.of(Buffer.buffer(keyHash)))
      .map(rows -> Rows.first(rows).filter(row -> matches(row, keyHash))
        .map(row -> Caller.task(row.getUUID("owner_id"), row.getUUID("task_id"), row.getUUID("key_id"))));
  }

  Future<Optional<Owner>> findOwner(UUID ownerId) {
    return pool.preparedQuery(FIND_OWNER).execute(Tuple.of(ownerId)).map(rows -> Rows.first(rows).map(Owner::fromRow));
  }

  /** Creates an owner together with its first API key, atomically. */
  Future<Owner> createOwner(String name, boolean admin, byte[] keyHash) {
    return pool.withTransaction(conn -> insertOwner(conn, name, admin, keyHash));
  }

  /** Adds an API key to an owner and returns the key's id. */
  Future<UUID> createKey(UUID ownerId, byte[] keyHash) {
    return insertKey(pool, ownerId, keyHash);
  }

  /** Revokes one of the owner's live keys; false if the owner has no such live key. */
  Future<Boolean> revokeKey(UUID ownerId, UUID keyId) {
    return pool.preparedQuery(REVOKE_KEY).execute(Tuple.of(keyId, ownerId)).map(rows -> rows.rowCount() == 1);
  }

  /**
   * Creates the admin owner unless one exists ({@code whenNoAdmin}) or unless any owner exists at all. Returns the
   * new admin, if one was created. Hub nodes starting together create at most one.
   */
  Future<Optional<Owner>> bootstrapAdmin(byte[] keyHash, boolean whenNoAdmin) {
    return pool.withTransaction(conn -> conn.query(LOCK_BOOTSTRAP).execute()
      .compose(locked -> conn.query(COUNT_OWNERS).execute())
      .compose(counts -> {
        Row row = counts.iterator().next();
        long existing = whenNoAdmin ? row.getLong("admins") : row.getLong("owners");
        return existing > 0
          ? Future.succeededFuture(Optional.<Owner>empty())
          : insertOwner(conn, "admin", true, keyHash).map(Optional::of);
      }));
  }

  private static Future<Owner> insertOwner(SqlClient client, String name, boolean admin, byte[] keyHash) {
    return client.preparedQuery(INSERT_OWNER).execute(Tuple.of(name, admin))
      .map(rows -> Owner.fromRow(rows.iterator().next()))
      .compose(owner -> insertKey(client, owner.id(), keyHash).map(owner));
  }

  private static Future<UUID> insertKey(SqlClient client, UUID ownerId, byte[] keyHash) {
    return client.preparedQuery(INSERT_KEY).execute(Tuple.of(ownerId, Buffer.buffer(keyHash)))
      .map(rows -> rows.iterator().next().getUUID("id"));
  }

  private static boolean matches(Row row, byte[] keyHash) {
    return ApiKeys.sameHash(row.getBuffer("key_hash").getBytes(), keyHash);
  }
}

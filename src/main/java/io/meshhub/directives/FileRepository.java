package io.meshhub.directives;

import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Files of contracts; every statement names the owner. */
final class FileRepository {

  private static final String INSERT = """
    insert into files (contract_id, owner_id, name, body)
    select c.id, c.owner_id, $3, $4 from contracts c where c.id = $1 and c.owner_id = $2
    returning *""";
  private static final String LIST = """
    select * from files where contract_id = $1 and owner_id = $2 order by created_at, id limit $3 offset $4""";
  private static final String FIND = "select * from files where id = $1 and owner_id = $2";

  private final Pool pool;

  FileRepository(Pool pool) {
    this.pool = pool;
  }

  /** Creates the file in the owner's contract; empty when the contract is not the owner's. */
  Future<Optional<ContractFile>> insert(UUID ownerId, UUID contractId, String name, JsonArray body) {
    return pool.preparedQuery(INSERT).execute(Tuple.of(contractId, ownerId, name, body))
      .map(rows -> Rows.first(rows).map(ContractFile::fromRow));
  }

  /** All the contract's files (a monitor's verdict is looked for among them). */
  Future<List<ContractFile>> list(UUID ownerId, UUID contractId) {
    return list(ownerId, contractId, null, 0);
  }

  /** One page of the contract's files; a null limit is no limit. */
  Future<List<ContractFile>> list(UUID ownerId, UUID contractId, Integer limit, long offset) {
    return pool.preparedQuery(LIST).execute(Tuple.of(contractId, ownerId, limit, offset))
      .map(rows -> Rows.list(rows, ContractFile::fromRow));
  }

  Future<Optional<ContractFile>> find(UUID ownerId, UUID fileId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(fileId, ownerId))
      .map(rows -> Rows.first(rows).map(ContractFile::fromRow));
  }
}

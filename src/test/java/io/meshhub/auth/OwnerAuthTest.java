package io.meshhub.auth;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(30_000)
class OwnerAuthTest {

  private Api api;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx, TestHub.shared());
  }

  @Test
  void requestWithoutKeyIsUnauthorized(VertxTestContext test) {
    api.request(HttpMethod.GET, "/api/v1/me").send().onComplete(test.succeeding(response -> test.verify(() -> {
      assertThat(expect(response, 401).getString("code")).isEqualTo("UNAUTHORIZED");
      assertThat(response.getHeader("X-Request-Id")).isNotBlank();
      test.completeNow();
    })));
  }

  @Test
  void unknownKeyIsUnauthorizedWithEitherHeader(VertxTestContext test) {
    String unknown = ApiKeys.newOwnerKey();
    Future.all(
        api.get(unknown, "/api/v1/me"),
        api.request(HttpMethod.GET, "/api/v1/me").putHeader("X-API-Key", unknown).send(),
        api.request(HttpMethod.GET, "/api/v1/me").putHeader("Authorization", "Basic " + unknown).send())
      .onComplete(test.succeeding(all -> test.verify(() -> {
        for (int i = 0; i < all.size(); i++) {
          assertThat(expect(all.resultAt(i), 401).getString("code")).isEqualTo("UNAUTHORIZED");
        }
        // The refusal names the key that was presented, not a header the caller never sent.
        assertThat(expect(all.resultAt(0), 401).getString("message")).startsWith("unknown API key");
        assertThat(expect(all.resultAt(1), 401).getString("message")).startsWith("unknown API key");
        test.completeNow();
      })));
  }

  @Test
  void anUnknownKeyOnAnOwnersOperationIsCalledUnknown(VertxTestContext test) {
    String unknown = ApiKeys.newOwnerKey();
    Future.all(api.get(unknown, "/api/v1/mesh/tasks"),
        api.request(HttpMethod.GET, "/api/v1/mesh/tasks").putHeader("X-Tool-Key", unknown).send())
      .onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(expect(all.resultAt(0), 401).getString("message")).startsWith("unknown API key");
        assertThat(expect(all.resultAt(1), 401).getString("message")).startsWith("unknown tool key");
        test.completeNow();
      })));
  }

  @Test
  void ownerKeyWorksAsBearerTokenAndAsApiKeyHeader(VertxTestContext test) {
    api.newOwner().compose(owner -> Future.all(
        api.get(owner.apiKey(), "/api/v1/me"),
        api.request(HttpMethod.GET, "/api/v1/me").putHeader("X-API-Key", owner.apiKey()).send())
      .map(all -> {
        for (int i = 0; i < 2; i++) {
          JsonObject me = expect(all.resultAt(i), 200);
          assertThat(me.getString("ownerId")).isEqualTo(owner.id().toString());
          assertThat(me.getString("name")).isEqualTo(owner.name());
          assertThat(me.getBoolean("admin")).isFalse();
        }
        return all;
      }))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void revokedKeyIsUnauthorizedAtOnceWhileOtherKeysStillWork(VertxTestContext test) {
    api.newOwner().compose(owner -> api.post(owner.apiKey(), "/api/v1/keys", new JsonObject())
      .compose(created -> {
        JsonObject second = expect(created, 201);
        String secondKey = second.getString("apiKey");
        String keyPath = "/api/v1/keys/" + second.getString("id");
        return api.get(secondKey, "/api/v1/me")
          .map(before -> expect(before, 200))
          .compose(ok -> api.as(owner.apiKey(), HttpMethod.DELETE, keyPath).send())
          .map(revoke -> expect(revoke, 204))
          .compose(revoked -> api.get(secondKey, "/api/v1/me"))
          .map(check(after -> assertThat(expect(after, 401).getString("code")).isEqualTo("UNAUTHORIZED")))
          .compose(checked -> api.get(owner.apiKey(), "/api/v1/me"))
          .map(first -> expect(first, 200))
          .compose(checked -> api.as(owner.apiKey(), HttpMethod.DELETE, keyPath).send())
          .map(check(again -> assertThat(expect(again, 404).getString("code")).isEqualTo("NOT_FOUND")));
      }))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void onlyAnAdminCreatesOwners(VertxTestContext test) {
    api.newOwner()
      .compose(owner -> api.post(owner.apiKey(), "/api/v1/owners", new JsonObject().put("name", "intruder")))
      .onComplete(test.succeeding(response -> test.verify(() -> {
        assertThat(expect(response, 403).getString("code")).isEqualTo("FORBIDDEN");
        test.completeNow();
      })));
  }

  @Test
  void ownerCannotRevokeAnotherOwnersKey(VertxTestContext test) {
    Future.all(api.newOwner(), api.newOwner()).compose(owners -> {
      TestOwner a = owners.resultAt(0);
      TestOwner b = owners.resultAt(1);
      return api.post(a.apiKey(), "/api/v1/keys", new JsonObject()).map(created -> expect(created, 201))
        .compose(key -> api.as(b.apiKey(), HttpMethod.DELETE, "/api/v1/keys/" + key.getString("id")).send()
          .map(check(revoke -> assertThat(expect(revoke, 404).getString("code")).isEqualTo("NOT_FOUND")))
          .compose(checked -> api.get(key.getString("apiKey"), "/api/v1/me"))
          .map(after -> expect(after, 200)));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void unknownToolKeyIsNotAnOwnerKey(VertxTestContext test) {
    api.request(HttpMethod.GET, "/api/v1/me").putHeader("X-Tool-Key", ApiKeys.newToolKey()).send()
      .onComplete(test.succeeding(response -> test.verify(() -> {
        assertThat(expect(response, 401).getString("code")).isEqualTo("UNAUTHORIZED");
        test.completeNow();
      })));
  }
}

package io.meshhub.hardening;

import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Daemons that behave as real ones do across a hub's crash: each runs what it is given (says so, lists it in its
 * heartbeats), stops what it is told to interrupt, and, when its hub is gone, connects again with the same identity
 * and the tasks it still runs. Every spawn goes through one ledger, which notes any task given to a daemon while
 * another still ran it — a dispatch twice at once — and which the test awaits spawns from. Tasks end only when the
 * test completes them, or when it lets a kind of task complete on arrival.
 */
final class Fleet {

  private final Vertx vertx;
  private final String apiKey;
  private final int slots;
  private final List<Member> members = new ArrayList<>();
  /** Every spawn seen, oldest first; waiters for spawns still to come. */
  private final List<JsonObject> spawns = new ArrayList<>();
  private final Map<Predicate<JsonObject>, Promise<JsonObject>> waiters = new LinkedHashMap<>();
  /** Task → the daemon that runs it now. */
  private final Map<String, Member> holders = new ConcurrentHashMap<>();
  private final List<String> doubleDispatches = new ArrayList<>();
  private final Map<Predicate<JsonObject>, BiConsumer<Fleet, JsonObject>> onArrival = new LinkedHashMap<>();

  /** One daemon of the fleet: its identity, its connection of the moment and what it runs. */
  private final class Member {
    final Set<String> running = ConcurrentHashMap.newKeySet();
    UUID id;
    TestDaemon daemon;

    Future<Void> connect(int port) {
      JsonObject register = TestDaemon.register(apiKey, slots).put("runningTaskIds", new JsonArray(List.copyOf(
        running)));
      if (id != null) {
        register.put("daemonId", id.toString());
      }
      return TestDaemon.connect(vertx, port, register).map(connected -> {
        daemon = connected;
        id = connected.daemonId();
        connected.listRunning(() -> new JsonArray(List.copyOf(running)));
        take(connected);
        return null;
      });
    }

    private void take(TestDaemon connected) {
      connected.await(frame -> "spawnTask".equals(frame.getString("type"))
          || "interruptTask".equals(frame.getString("type")))
        .onSuccess(frame -> {
          if ("spawnTask".equals(frame.getString("type"))) {
            arrived(this, frame);
          } else {
            running.remove(frame.getString("taskId"));
            holders.remove(frame.getString("taskId"), this);
          }
          take(connected);
        });
    }
  }

  Fleet(Vertx vertx, String apiKey, int daemons, int slots) {
    this.vertx = vertx;
    this.apiKey = apiKey;
    this.slots = slots;
    for (int i = 0; i < daemons; i++) {
      members.add(new Member());
    }
  }

  /** Connects every daemon (again, after a crash, with the tasks each still runs). */
  Future<Void> connect(int port) {
    return Future.all(members.stream().map(member -> member.connect(port)).toList()).mapEmpty();
  }

  /** The hub died: every daemon's connection ends with it. */
  Future<Void> lost() {
    return Future.join(members.stream().map(member -> member.daemon.closed()).toList()).mapEmpty();
  }

  /** From now on, spawns that match are handled on arrival (and those held already, now). */
  synchronized void whenSpawned(Predicate<JsonObject> matches, BiConsumer<Fleet, JsonObject> handler) {
    onArrival.put(matches, handler);
    spawns.stream().filter(matches).filter(spawn -> holders.containsKey(spawn.getString("taskId")))
      .toList().forEach(spawn -> handler.accept(this, spawn));
  }

  /** The first spawn (seen already or to come) that matches. */
  synchronized Future<JsonObject> spawned(Predicate<JsonObject> matches) {
    for (JsonObject spawn : spawns) {
      if (matches.test(spawn)) {
        return Future.succeededFuture(spawn);
      }
    }
    Promise<JsonObject> promise = Promise.promise();
    waiters.put(matches, promise);
    return promise.future();
  }

  /** The {@code count}th spawn (seen already or to come) that matches. */
  synchronized Future<JsonObject> spawned(Predicate<JsonObject> matches, int count) {
    AtomicInteger seen = new AtomicInteger();
    return spawned(spawn -> matches.test(spawn) && seen.incrementAndGet() == count);
  }

  /** The daemon that runs the task reports it done; false when no daemon of the fleet runs it. */
  boolean complete(String taskId) {
    Member holder = holders.remove(taskId);
    if (holder == null) {
      return false;
    }
    holder.running.remove(taskId);
    holder.daemon.complete(UUID.fromString(taskId), true, "done");
    return true;
  }

  /** The tasks the fleet runs now whose spawn matches. */
  synchronized List<String> running(Predicate<JsonObject> matches) {
    return spawns.stream().filter(matches).map(spawn -> spawn.getString("taskId")).distinct()
      .filter(holders::containsKey).toList();
  }

  synchronized List<String> doubleDispatches() {
    return List.copyOf(doubleDispatches);
  }

  Future<Void> leave() {
    return Future.join(members.stream().map(member -> member.daemon.kill()).toList()).mapEmpty();
  }

  private synchronized void arrived(Member member, JsonObject spawn) {
    String taskId = spawn.getString("taskId");
    Member before = holders.put(taskId, member);
    if (before != null && before != member) {
      doubleDispatches.add(taskId + " given to " + member.id + " while " + before.id + " ran it");
    }
    member.running.add(taskId);
    member.daemon.reportRunning(UUID.fromString(taskId));
    spawns.add(spawn);
    for (Iterator<Map.Entry<Predicate<JsonObject>, Promise<JsonObject>>> waiting = waiters.entrySet().iterator();
         waiting.hasNext(); ) {
      Map.Entry<Predicate<JsonObject>, Promise<JsonObject>> waiter = waiting.next();
      if (waiter.getKey().test(spawn)) {
        waiting.remove();
        waiter.getValue().complete(spawn);
      }
    }
    onArrival.forEach((matches, handler) -> {
      if (matches.test(spawn)) {
        handler.accept(this, spawn);
      }
    });
  }
}

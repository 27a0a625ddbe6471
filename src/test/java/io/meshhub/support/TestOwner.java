package io.meshhub.support;

import java.util.UUID;

/** An owner created for a test, with its API key. */
public record TestOwner(UUID id, String name, String apiKey) {
}

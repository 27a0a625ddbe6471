package io.meshhub.directives;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the evaluator's verdict in the monitor contract's files: the file whose name contains {@code eval} (else the
 * first file), then the first code / paragraph / markdown element that parses as a JSON object, a
 * {@code ```json} block inside markdown, or the text from the first {@code &#123;} of all elements joined.
 */
final class EvaluationParser {

  private static final Pattern JSON_BLOCK = Pattern.compile("```json\\s*(.*?)```", Pattern.DOTALL);

  private EvaluationParser() {
  }

  static Optional<JsonObject> parse(List<ContractFile> files) {
    return files.stream().filter(file -> file.name().toLowerCase().contains("eval")).findFirst()
      .or(() -> files.stream().findFirst())
      .flatMap(file -> parse(file.body()));
  }

  static Optional<JsonObject> parse(JsonArray body) {
    StringBuilder joined = new StringBuilder();
    for (Object item : body) {
      if (!(item instanceof JsonObject element)) {
        continue;
      }
      String text = element.getString("content", element.getString("text"));
      if (text == null) {
        continue;
      }
      joined.append(text).append('\n');
      Optional<JsonObject> parsed = object(text);
      if (parsed.isPresent()) {
        return parsed;
      }
      Matcher block = JSON_BLOCK.matcher(text);
      if ("markdown".equals(element.getString("type")) && block.find()) {
        Optional<JsonObject> fenced = object(block.group(1));
        if (fenced.isPresent()) {
          return fenced;
        }
      }
    }
    int start = joined.indexOf("{");
    return start < 0 ? Optional.empty() : object(joined.substring(start));
  }

  private static Optional<JsonObject> object(String text) {
    try {
      return Optional.of(new JsonObject(text.trim()));
    } catch (DecodeException | ClassCastException notAnObject) {
      return Optional.empty();
    }
  }
}

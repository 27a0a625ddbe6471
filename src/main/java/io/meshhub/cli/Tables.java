package io.meshhub.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Human output of lists: one row per item, the named fields as aligned columns, long values cut. */
final class Tables {

  private static final int WIDEST_COLUMN = 60;

  private Tables() {
  }

  static String render(JsonArray items, String... columns) {
    if (items.isEmpty()) {
      return "(none)";
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(columns);
    for (Object item : items) {
      JsonObject object = (JsonObject) item;
      String[] row = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        row[i] = cell(object.getValue(columns[i]));
      }
      rows.add(row);
    }
    int[] widths = new int[columns.length];
    rows.forEach(row -> {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    });
    StringBuilder out = new StringBuilder();
    rows.forEach(row -> {
      for (int i = 0; i < row.length; i++) {
        out.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.append('\n');
    });
    return out.toString().stripTrailing();
  }

  private static String cell(Object value) {
    String text = value == null ? "" : value instanceof JsonArray array ? String.join(",",
      array.stream().map(String::valueOf).toList()) : String.valueOf(value);
    text = text.replace('\n', ' ');
    return text.length() > WIDEST_COLUMN ? text.substring(0, WIDEST_COLUMN - 1) + "…" : text;
  }
}

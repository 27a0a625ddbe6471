package io.meshhub.http;

import io.vertx.ext.web.validation.BadRequestException;
import io.vertx.ext.web.validation.BodyProcessorException;
import io.vertx.ext.web.validation.BodyProcessorException.BodyProcessorErrorType;
import io.vertx.ext.web.validation.ParameterProcessorException;
import io.vertx.ext.web.validation.ParameterProcessorException.ParameterProcessorErrorType;
import io.vertx.ext.web.validation.RequestPredicateException;
import io.vertx.json.schema.ValidationException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the OpenAPI validator's exceptions into one sentence that names the offending field, such as
 * {@code body field 'name' is required} or {@code path parameter 'id' does not have the expected format}.
 */
final class ValidationMessages {

  /** The validator names a missing property only in its message. */
  private static final Pattern MISSING_PROPERTY = Pattern.compile("contain property (\\S+)");
  private static final Pattern UNEXPECTED_PROPERTY = Pattern.compile("additional property: (\\S+)");
  private static final Pattern EXPECTED_TYPE = Pattern.compile("match type (\\S+)");

  private ValidationMessages() {
  }

  static String describe(BadRequestException invalid) {
    if (invalid instanceof ParameterProcessorException parameter) {
      String name = parameter.getLocation().name().toLowerCase(Locale.ROOT) + " parameter '"
        + parameter.getParameterName() + "'";
      if (parameter.getErrorType() == ParameterProcessorErrorType.MISSING_PARAMETER_WHEN_REQUIRED_ERROR) {
        return name + " is required";
      }
      return name + " " + reason(parameter.getCause());
    }
    if (invalid instanceof BodyProcessorException body) {
      if (body.getErrorType() == BodyProcessorErrorType.PARSING_ERROR) {
        return "body is not valid JSON";
      }
      if (body.getErrorType() == BodyProcessorErrorType.MISSING_MATCHING_BODY_PROCESSOR) {
        return "body must be application/json";
      }
      return bodyField(body.getCause());
    }
    if (invalid instanceof RequestPredicateException) {
      return "body is required";
    }
    return "request is invalid";
  }

  private static String bodyField(Throwable cause) {
    if (!(cause instanceof ValidationException schema)) {
      return "body is invalid";
    }
    String path = schema.inputScope() == null ? "" : schema.inputScope().toURI().toString().replaceFirst("^#?/?", "");
    String message = String.valueOf(schema.getMessage());
    Matcher missing = MISSING_PROPERTY.matcher(message);
    if ("required".equals(schema.keyword()) && missing.find()) {
      return "body field '" + join(path, missing.group(1)) + "' is required";
    }
    Matcher unexpected = UNEXPECTED_PROPERTY.matcher(message);
    if ("additionalProperties".equals(schema.keyword()) && unexpected.find()) {
      return "body field '" + join(path, unexpected.group(1)) + "' is not allowed";
    }
    return path.isEmpty() ? "body " + reason(schema) : "body field '" + path.replace('/', '.') + "' " + reason(schema);
  }

  private static String reason(Throwable cause) {
    if (!(cause instanceof ValidationException schema)) {
      return "is invalid";
    }
    String message = String.valueOf(schema.getMessage());
    return switch (String.valueOf(schema.keyword())) {
      case "type" -> {
        Matcher type = EXPECTED_TYPE.matcher(message);
        yield type.find() ? "must be of type " + type.group(1).toLowerCase(Locale.ROOT) : "has the wrong type";
      }
      case "pattern", "format" -> "does not have the expected format";
      case "enum" -> "is not one of the allowed values";
      default -> "is invalid: " + message;
    };
  }

  private static String join(String path, String property) {
    return path.isEmpty() ? property : path.replace('/', '.') + "." + property;
  }
}

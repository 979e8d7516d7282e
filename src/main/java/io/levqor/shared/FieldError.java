package io.levqor.shared;

/** One problem with one input field; {@code field} is a dotted path or a JSON pointer. */
public record FieldError(String field, String message) {}

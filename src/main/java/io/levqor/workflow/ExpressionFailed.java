package io.levqor.workflow;

/** An expression could not be evaluated: it does not parse, it failed, it timed out or its result is too large. */
public class ExpressionFailed extends RuntimeException {

    public ExpressionFailed(String message) {
        super(message);
    }

    public ExpressionFailed(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.levqor.shared;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** Input that breaks the rules; every broken rule is named at once in {@code errors}. */
public class ValidationFailed extends ProblemException {

    private final List<FieldError> errors;

    public ValidationFailed(List<FieldError> errors) {
        super(
                HttpStatus.BAD_REQUEST,
                "validation",
                "Invalid request",
                errors.size() == 1
                        ? errors.getFirst().field() + ": " + errors.getFirst().message()
                        : errors.size() + " fields are invalid",
                Map.of("errors", List.copyOf(errors)));
        this.errors = List.copyOf(errors);
    }

    public static ValidationFailed of(String field, String message) {
        return new ValidationFailed(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}

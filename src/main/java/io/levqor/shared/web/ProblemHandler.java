package io.levqor.shared.web;

import io.levqor.shared.DatabaseAvailability;
import io.levqor.shared.DatabaseUnavailable;
import io.levqor.shared.ErrorRecorder;
import io.levqor.shared.FieldError;
import io.levqor.shared.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every exception that leaves a controller becomes {@code application/problem+json}: Spring's own (no route,
 * bad JSON, wrong media type), bean validation, the modules' {@link ProblemException}s, and, last, anything
 * unexpected as a 500 that reveals nothing internal.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final DatabaseAvailability database;
    private final ObjectProvider<ErrorRecorder> recorders;

    ProblemHandler(DatabaseAvailability database, ObjectProvider<ErrorRecorder> recorders) {
        this.database = database;
        this.recorders = recorders;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> problem(ProblemException e) {
        var headers = new HttpHeaders();
        if (e.properties().get("retryAfterSeconds") instanceof Number seconds) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds.longValue()));
        }
        return respond(e.status(), Problems.of(e), headers);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null
                ? "another type"
                : e.getRequiredType().getSimpleName();
        return respond(
                HttpStatus.BAD_REQUEST,
                Problems.validation(List.of(new FieldError(e.getName(), "must be a valid " + expected))),
                new HttpHeaders());
    }

    /** The container's parameter parser gave up on the query string (QueryStringFilter refuses most such first). */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> invalidParameter(InvalidParameterException e) {
        return respond(
                HttpStatus.BAD_REQUEST,
                Problems.validation(List.of(new FieldError("query", "the query string is malformed"))),
                new HttpHeaders());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        if (DatabaseUnavailable.isCauseOf(e)) {
            // The database went away under this request (or it waited out the pool): a 503 to retry, not a bug.
            database.suspect();
            log.debug("Database unavailable", e);
            return problem(new DatabaseUnavailable());
        }
        String errorId = Problems.recordUnexpected(recorders, e, request);
        ProblemDetail problem = Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
                "Something went wrong on our side; nothing you sent was partly stored.");
        problem.setProperty("errorId", errorId);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, problem, new HttpHeaders());
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respond(HttpStatus.BAD_REQUEST, Problems.validation(fieldErrors(ex.getBindingResult())), headers);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldError(
                                result.getMethodParameter().getParameterName() == null
                                        ? "parameter"
                                        : result.getMethodParameter().getParameterName(),
                                String.valueOf(error.getDefaultMessage()))))
                .toList();
        return respond(HttpStatus.BAD_REQUEST, Problems.validation(errors), headers);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (PayloadTooLarge.isCauseOf(ex)) {
            return respond(HttpStatus.CONTENT_TOO_LARGE, PayloadTooLarge.problem(), headers);
        }
        JacksonException json = findCause(ex, JacksonException.class);
        if (json != null && !json.getPath().isEmpty()) {
            String field = json.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : String.valueOf(ref.getIndex()))
                    .collect(Collectors.joining("."));
            return respond(
                    HttpStatus.BAD_REQUEST,
                    Problems.validation(List.of(new FieldError(field, "has the wrong type or format"))),
                    headers);
        }
        String detail = json == null
                ? "The request body is missing or unreadable."
                : "The request body is not valid JSON: " + json.getOriginalMessage();
        return respond(
                HttpStatus.BAD_REQUEST,
                Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed body", detail),
                headers);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem =
                body instanceof ProblemDetail given ? given : ProblemDetail.forStatusAndDetail(status, ex.getMessage());
        problem.setType(java.net.URI.create(ProblemException.TYPE_BASE + Problems.typeFor(status)));
        return respond(status, problem, headers);
    }

    private static ResponseEntity<Object> respond(HttpStatusCode status, ProblemDetail problem, HttpHeaders headers) {
        problem.setStatus(status.value());
        return ResponseEntity.status(status)
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static List<FieldError> fieldErrors(BindingResult result) {
        List<FieldError> errors = new ArrayList<>();
        result.getFieldErrors()
                .forEach(e -> errors.add(new FieldError(e.getField(), String.valueOf(e.getDefaultMessage()))));
        result.getGlobalErrors()
                .forEach(e -> errors.add(new FieldError(e.getObjectName(), String.valueOf(e.getDefaultMessage()))));
        return errors;
    }

    private static <T extends Throwable> @Nullable T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

package io.levqor.shared.web;

import io.levqor.shared.DatabaseAvailability;
import io.levqor.shared.DatabaseUnavailable;
import io.levqor.shared.ErrorRecorder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (by the servlet container or a filter) reach {@code /error}; they too are
 * answered as problems rather than an HTML page.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private final DatabaseAvailability database;
    private final ObjectProvider<ErrorRecorder> recorders;

    ProblemErrorController(DatabaseAvailability database, ObjectProvider<ErrorRecorder> recorders) {
        this.database = database;
        this.recorders = recorders;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatusCode status =
                code instanceof Integer value ? HttpStatusCode.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        // A servlet or filter that lost the database (the webhook servlet at the moment PostgreSQL is killed, an
        // authentication lookup) lands here: a 503 to retry. So does any other 500 while the database is known to
        // be gone, whatever wrapped (or dropped) the cause on the way.
        if (status.value() == 500 && (DatabaseUnavailable.isCauseOf(error) || !database.available())) {
            database.suspect();
            DatabaseUnavailable problem = new DatabaseUnavailable();
            return ResponseEntity.status(problem.status())
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem.toProblemDetail());
        }
        if (PayloadTooLarge.isCauseOf(error)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(PayloadTooLarge.problem());
        }
        String title = HttpStatus.resolve(status.value()) == null
                ? "Error"
                : HttpStatus.resolve(status.value()).getReasonPhrase();
        String detail = status.is5xxServerError() ? "Something went wrong on our side." : title;
        ProblemDetail problem = Problems.of(status, Problems.typeFor(status), title, detail);
        if (status.value() == 500 && error != null) {
            // A filter or servlet threw: as unexpected as a controller's exception, so tracked the same way.
            problem.setProperty("errorId", Problems.recordUnexpected(recorders, error, request));
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}

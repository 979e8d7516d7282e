package io.levqor.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.DatabaseAvailability;
import io.levqor.shared.ErrorRecorder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;

/** Errors that reach {@code /error} from outside Spring MVC (the webhook servlet, filters) at the moment the database dies. */
class ProblemErrorControllerTests {

    private static final class Database implements DatabaseAvailability {
        boolean available = true;
        int suspects;

        @Override
        public boolean available() {
            return available;
        }

        @Override
        public void suspect() {
            suspects++;
        }
    }

    private final Database database = new Database();
    private final List<String> recorded = new ArrayList<>();
    private final ProblemErrorController controller = new ProblemErrorController(database, recorders());

    private org.springframework.beans.factory.ObjectProvider<ErrorRecorder> recorders() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("recorder", (ErrorRecorder) (errorId, error, method, path) ->
                recorded.add(errorId + " " + error.getMessage() + " " + method + " " + path));
        return beans.getBeanProvider(ErrorRecorder.class);
    }

    @Test
    void aBrokenConnectionUnderTheWebhookServletIsA503WithRetryAfter() {
        var request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        // What pgjdbc throws when the server goes away mid-statement, as Spring and the container wrap it.
        request.setAttribute(
                RequestDispatcher.ERROR_EXCEPTION,
                new ServletException(new DataAccessResourceFailureException(
                        "I/O error", new SQLException("An I/O error occurred while sending to the backend", "08006"))));

        var response = controller.error(request);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(response.getBody().getType().toString()).endsWith("/unavailable");
        assertThat(database.suspects).isEqualTo(1);
    }

    @Test
    void anyServerErrorWhileTheDatabaseIsKnownGoneIsA503() {
        database.available = false;
        var request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);

        var response = controller.error(request);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("5");
    }

    @Test
    void otherServerErrorsStay500() {
        var request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("bug"));
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/hooks/x");

        var response = controller.error(request);

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        // A filter's or servlet's exception is tracked like a controller's: an errorId, recorded with the real path.
        String errorId = (String) response.getBody().getProperties().get("errorId");
        assertThat(errorId).matches("[a-z2-7]{16}");
        assertThat(recorded).containsExactly(errorId + " bug POST /hooks/x");
    }
}

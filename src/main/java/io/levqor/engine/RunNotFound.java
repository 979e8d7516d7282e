package io.levqor.engine;

import io.levqor.shared.ProblemException;
import org.springframework.http.HttpStatus;

/** No run with this id in the caller's workspace (404). */
public class RunNotFound extends ProblemException {

    private RunNotFound(RunId id) {
        super(HttpStatus.NOT_FOUND, "not-found", "Not found", "run " + id + " does not exist");
    }

    public static RunNotFound forId(RunId id) {
        return new RunNotFound(id);
    }
}

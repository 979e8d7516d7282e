package io.levqor.engine;

import io.levqor.shared.ProblemException;
import org.springframework.http.HttpStatus;

/** The run is not in a state that allows the action, e.g. retrying a run that did not fail (409). */
public class RunStateConflict extends ProblemException {

    private RunStateConflict(String detail) {
        super(HttpStatus.CONFLICT, "run-state-conflict", "Run state conflict", detail);
    }

    /** A signal the run does not wait for (it waits for another, or does not wait at all). */
    public static RunStateConflict notWaitingFor(String signal, RunId id, String status) {
        return new RunStateConflict("run " + id + " is " + status + " and not waiting for the signal '" + signal + "'");
    }

    public static RunStateConflict cannot(String action, RunId id, String status) {
        return new RunStateConflict("run " + id + " is " + status + " and cannot be " + action);
    }
}

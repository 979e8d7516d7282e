package io.levqor.engine.web;

import io.levqor.shared.ProblemException;

/** A path id that is not even a UUID names no run: answered like any unknown run. */
final class RunNotFoundAnswer {

    private RunNotFoundAnswer() {}

    static ProblemException forText(String id) {
        return ProblemException.notFound("run", id);
    }
}

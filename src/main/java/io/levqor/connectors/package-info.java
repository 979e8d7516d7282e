/**
 * The step types behind one SPI ({@code StepType}): outbound HTTP with timeouts and circuit breakers, chat, e-mail and LLM calls.
 */
@ApplicationModule(allowedDependencies = {"shared"})
@NullMarked
package io.levqor.connectors;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

/** The step types the engine itself provides: {@code transform}, {@code delay} and {@code filter}. */
@NullMarked
package io.levqor.engine.steps;

import org.jspecify.annotations.NullMarked;

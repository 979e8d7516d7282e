/** Run pages: the filtered list that updates while runs are in flight, one run's step timeline, retry and cancel. */
@NullMarked
package io.levqor.console.runs;

import org.jspecify.annotations.NullMarked;

/** Anomaly detection's admin endpoint. */
@NullMarked
package io.levqor.ops.anomaly.web;

import org.jspecify.annotations.NullMarked;

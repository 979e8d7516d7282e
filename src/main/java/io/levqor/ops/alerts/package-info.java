/**
 * Alerts in Alertmanager's model: built-in rules evaluated by one node at a time, alerts stored with their
 * fingerprint and state, grouped and routed by severity to the operator's chat and e-mail channels, each
 * notification claimed in a PostgreSQL log so that only one node sends it, silences, and the history.
 */
@NamedInterface("alerts")
@NullMarked
package io.levqor.ops.alerts;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;

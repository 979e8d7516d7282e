/** Analytics' HTTP API: clients' events and the operator's reports. */
@NullMarked
package io.levqor.analytics.web;

import org.jspecify.annotations.NullMarked;

/** Error tracking: the operator's list and the console's client error reports. */
@NullMarked
package io.levqor.ops.errors.web;

import org.jspecify.annotations.NullMarked;

/** Status page: the public page and JSON, and the operator's incidents API. */
@NullMarked
package io.levqor.ops.status.web;

import org.jspecify.annotations.NullMarked;

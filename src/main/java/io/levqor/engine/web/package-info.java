/** HTTP endpoints of the engine: runs, starting runs, inbound webhooks. */
@NullMarked
package io.levqor.engine.web;

import org.jspecify.annotations.NullMarked;

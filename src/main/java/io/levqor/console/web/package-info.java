/** The console's controllers, their view models and the frame every page shares. */
@NullMarked
package io.levqor.console.web;

import org.jspecify.annotations.NullMarked;

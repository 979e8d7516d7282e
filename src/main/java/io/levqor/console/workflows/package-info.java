/** Workflow pages: the list, templates, the definition editor with inline problems and a live diagram, history. */
@NullMarked
package io.levqor.console.workflows;

import org.jspecify.annotations.NullMarked;

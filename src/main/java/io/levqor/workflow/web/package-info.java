/** HTTP endpoints for workflows and the published JSON Schema of the definition format. */
@NullMarked
package io.levqor.workflow.web;

import org.jspecify.annotations.NullMarked;

/** The workflow module's machinery: parsing and validation of definitions, the expression engine, settings. */
@NullMarked
package io.levqor.workflow.internal;

import org.jspecify.annotations.NullMarked;

@NullMarked
package io.levqor.workflow.credentials.jdbc;

import org.jspecify.annotations.NullMarked;

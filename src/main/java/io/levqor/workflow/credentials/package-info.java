@NullMarked
package io.levqor.workflow.credentials;

import org.jspecify.annotations.NullMarked;

@NullMarked
package io.levqor.connectors.internal.llm;

import org.jspecify.annotations.NullMarked;

@NullMarked
package io.levqor.connectors.internal.http;

import org.jspecify.annotations.NullMarked;

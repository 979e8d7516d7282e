@NullMarked
package io.levqor.connectors.internal.chat;

import org.jspecify.annotations.NullMarked;
